package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.record.PullIntent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IntentCodecTest {

  private static ByteBuffer encode(PullIntent intent) {
    ByteBuffer out = ByteBuffer.allocateDirect(IntentCodec.encodedLength(intent));
    IntentCodec.encode(intent, out);
    assertThat(out.hasRemaining()).isFalse();
    return out.flip();
  }

  @Test
  void intent_roundTripsAndKnowsItsKey() {
    PullIntent intent = new PullIntent("registry.example/app:v1 😀");
    ByteBuffer value = encode(intent);
    assertThat(IntentCodec.decode(value)).isEqualTo(intent);
    assertThat(IntentCodec.isKeyed(value, utf8("registry.example/app:v1 😀"))).isTrue();
    assertThat(IntentCodec.isKeyed(value, utf8("registry.example/app:v2 😀"))).isFalse();
  }

  @Test
  void emptyAndLongImages_roundTrip() {
    for (String image : new String[] {"", "x".repeat(100_000)}) {
      assertThat(IntentCodec.decode(encode(new PullIntent(image))))
          .isEqualTo(new PullIntent(image));
    }
  }

  @Test
  void damagedChecksum_isRejected() {
    ByteBuffer value = encode(new PullIntent("nginx"));
    int last = value.limit() - 1;
    value.put(last, (byte) (value.get(last) ^ 1));
    assertThatThrownBy(() -> IntentCodec.decode(value))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void trailingBytesUnderAValidChecksum_areRejected() {
    ByteBuffer out = ByteBuffer.allocate(64);
    ValueFormat.writeHeader(out, ValueFormat.KIND_PULL_INTENT);
    ValueWriter.string(out, "nginx");
    out.put((byte) 42);
    ValueFormat.writeChecksum(out, 0);
    assertThatThrownBy(() -> IntentCodec.decode(out.flip()))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("unexpected bytes");
  }

  @Test
  void oversizedLengthUnderAValidChecksum_isRejected() {
    ByteBuffer out = ByteBuffer.allocate(64);
    ValueFormat.writeHeader(out, ValueFormat.KIND_PULL_INTENT);
    ValueWriter.varint(out, Integer.MAX_VALUE);
    ValueFormat.writeChecksum(out, 0);
    assertThatThrownBy(() -> IntentCodec.decode(out.flip()))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("truncated");
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
