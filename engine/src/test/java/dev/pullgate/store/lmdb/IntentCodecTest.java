package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The stored form of an intent: its reference, framed and checksummed, and nothing else. */
class IntentCodecTest {

  @Test
  void intent_roundTripsAndKnowsItsKey() {
    ByteBuffer value = ByteBuffer.wrap(IntentCodec.encode("registry.example/app:v1"));
    assertThat(IntentCodec.decode(value)).isEqualTo("registry.example/app:v1");
    assertThat(IntentCodec.isKeyed(value, "registry.example/app:v1")).isTrue();
    assertThat(IntentCodec.isKeyed(value, "registry.example/app:v2")).isFalse();
    assertThat(IntentCodec.isKeyed(value, "registry.example/app:v12")).isFalse();
  }

  @Test
  void longReference_roundTrips() {
    String reference = "registry.example/" + "a".repeat(255) + "@sha512:" + "f".repeat(128);
    assertThat(IntentCodec.decode(ByteBuffer.wrap(IntentCodec.encode(reference))))
        .isEqualTo(reference);
  }

  @Test
  void referenceThatIsNotPrintableAscii_isRefused() {
    assertThatThrownBy(() -> IntentCodec.encode("nginx:1.25 x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IntentCodec.encode("nginx:\u00e9"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everySingleBitFlip_isRejected() {
    byte[] stored = IntentCodec.encode("docker.io/library/nginx:1.25");
    for (int bit = 0; bit < stored.length * 8; bit++) {
      byte[] damaged = stored.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> IntentCodec.decode(ByteBuffer.wrap(damaged)))
          .isInstanceOf(CorruptValueException.class);
    }
  }

  @Test
  void truncatedOrExtendedValue_isRejected() {
    byte[] stored = IntentCodec.encode("nginx");
    for (int length = 0; length < stored.length; length++) {
      ByteBuffer cut = ByteBuffer.wrap(stored, 0, length);
      assertThatThrownBy(() -> IntentCodec.decode(cut)).isInstanceOf(CorruptValueException.class);
    }
    byte[] longer = java.util.Arrays.copyOf(stored, stored.length + 1);
    assertThatThrownBy(() -> IntentCodec.decode(ByteBuffer.wrap(longer)))
        .isInstanceOf(CorruptValueException.class);
  }
}
