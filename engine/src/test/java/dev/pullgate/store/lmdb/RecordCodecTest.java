package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  private static ByteBuffer encode(PulledRecord record, boolean direct) {
    int length = RecordCodec.encodedLength(record);
    ByteBuffer out = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
    RecordCodec.encode(record, out);
    assertThat(out.position()).isEqualTo(length);
    return out.flip();
  }

  @Test
  void richRecord_roundTripsThroughHeapAndDirectBuffers() {
    PulledRecord record = richRecord("sha256:abc", T0.plusNanos(123_456_789));
    assertThat(RecordCodec.decode(encode(record, false))).isEqualTo(record);
    assertThat(RecordCodec.decode(encode(record, true))).isEqualTo(record);
  }

  @Test
  void emptyHashAndEmptyFields_roundTrip() {
    CredentialSet set =
        CredentialSet.of(
            List.of(
                SecretCredential.of("", "ns", "imported", CredentialHash.EMPTY),
                SecretCredential.of("uid", "ns", "s", hash(7))),
            List.of());
    PulledRecord record = new PulledRecord("sha256:e", T0, Map.of("r.example/a", set));
    PulledRecord decoded = RecordCodec.decode(encode(record, true));
    assertThat(decoded).isEqualTo(record);
    assertThat(decoded.credentialsFor("r.example/a").secrets().get(0).hash().isEmpty()).isTrue();
  }

  @Test
  void emptyMappingAndEmptyCredentialSet_roundTrip() {
    PulledRecord empty = PulledRecord.withoutCredentials("sha256:none", T0);
    assertThat(RecordCodec.decode(encode(empty, false))).isEqualTo(empty);
    PulledRecord emptySet =
        new PulledRecord("sha256:x", T0, Map.of("r.example/a", CredentialSet.empty()));
    PulledRecord decoded = RecordCodec.decode(encode(emptySet, false));
    assertThat(decoded.credentialsFor("r.example/a")).isSameAs(CredentialSet.empty());
  }

  @Test
  void longAndUnicodeStrings_roundTrip() {
    String longRef = "sha256:" + "é".repeat(2000) + "😀";
    PulledRecord record =
        new PulledRecord(
            longRef,
            Instant.parse("1960-01-01T00:00:00.5Z"),
            Map.of(
                "registry.例え.jp/イメージ",
                CredentialSet.of(
                    List.of(SecretCredential.of("ü", "ns-Ω", "s𝄞", hash(1))), List.of())));
    assertThat(RecordCodec.decode(encode(record, true))).isEqualTo(record);
  }

  @Test
  void decodeIfKeyed_returnsNullForAnotherImageRef() {
    ByteBuffer value = encode(richRecord("sha256:a", T0), true);
    ByteBuffer other = utf8("sha256:b");
    assertThat(RecordCodec.decodeIfKeyed(value, "sha256:b", other)).isNull();
    assertThat(RecordCodec.decodeIfKeyed(value, "sha256:a", utf8("sha256:a")))
        .isEqualTo(richRecord("sha256:a", T0));
  }

  @Test
  void anyFlippedBit_failsTheChecksumOrTheFormatCheck() {
    ByteBuffer value = encode(richRecord("sha256:flip", T0), false);
    for (int i = 0; i < value.limit(); i++) {
      for (int bit = 0; bit < 8; bit++) {
        ByteBuffer copy = ByteBuffer.wrap(value.array().clone());
        copy.put(i, (byte) (copy.get(i) ^ (1 << bit)));
        assertThatThrownBy(() -> RecordCodec.decode(copy))
            .isInstanceOf(CorruptValueException.class);
      }
    }
  }

  @Test
  void newerVersion_isRejectedNamingBothVersions() {
    ByteBuffer value = encode(richRecord("sha256:v", T0), false);
    value.put(ValueFormat.VERSION_OFFSET, (byte) 2);
    assertThatThrownBy(() -> RecordCodec.decode(value))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("version=2")
        .hasMessageContaining("(1)");
  }

  @Test
  void truncatedValue_isRejected() {
    ByteBuffer value = encode(richRecord("sha256:t", T0), false);
    assertThatThrownBy(() -> RecordCodec.decode(value.limit(5)))
        .isInstanceOf(CorruptValueException.class);
  }

  @Test
  void intentValue_isNotARecord() {
    ByteBuffer intent = ByteBuffer.allocate(64);
    IntentCodec.encode(new dev.pullgate.record.PullIntent("sha256:k"), intent);
    assertThatThrownBy(() -> RecordCodec.decode(intent.flip()))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("kind=2");
  }

  @Test
  void unpairedSurrogate_isRejectedWithoutEchoingTheString() {
    PulledRecord record = PulledRecord.withoutCredentials("sha256:\uD800bad", T0);
    assertThatThrownBy(() -> RecordCodec.encodedLength(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imageRef")
        .hasMessageNotContaining("bad");
  }

  @Test
  void layout_putsVersionKindTimeAndKeyAtTheirOffsets() {
    PulledRecord record = PulledRecord.withoutCredentials("ab", Instant.ofEpochSecond(5, 7));
    ByteBuffer value = encode(record, false);
    assertThat(value.get(ValueFormat.VERSION_OFFSET)).isEqualTo((byte) 1);
    assertThat(value.get(ValueFormat.KIND_OFFSET)).isEqualTo(ValueFormat.KIND_PULLED_RECORD);
    assertThat(value.getLong(RecordCodec.LAST_UPDATED_SECONDS_OFFSET)).isEqualTo(5);
    assertThat(value.getInt(RecordCodec.LAST_UPDATED_NANOS_OFFSET)).isEqualTo(7);
    assertThat(value.get(RecordCodec.IMAGE_REF_OFFSET)).isEqualTo((byte) 2);
    assertThat(value.get(RecordCodec.IMAGE_REF_OFFSET + 1)).isEqualTo((byte) 'a');
    assertThat(value.limit()).isEqualTo(RecordCodec.IMAGE_REF_OFFSET + 3 + 1 + 8);
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
