package dev.pullgate.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.testing.FuzzCorpus;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzz targets of the strict reader of the kubelet's v1alpha1 and v1beta1 record files ({@link
 * KubeletJsonCodec} over {@code dev.pullgate.kubelet.json}): any bytes as a pulled record file and
 * as a pull intent file. The only exception is the documented {@link JsonFormatException}, whose
 * message is printable ASCII and quotes no value (no run of hex digits a credential hash could
 * leave); what decodes encodes, in either version, to a file that decodes to the same record as the
 * kubelet keeps it.
 *
 * <p>{@code mvn verify} replays the seed corpus in {@code KubeletJsonFuzzTestInputs}, shared by
 * both targets; {@code JAZZER_FUZZ=1 mvn test -Dtest=KubeletJsonFuzzTest#<target>} fuzzes one.
 */
class KubeletJsonFuzzTest {
  private static final String RECORD = "decodePulledRecord_anyBytes_decodesOrRefusesAsDocumented";

  @FuzzTest
  void decodePulledRecord_anyBytes_decodesOrRefusesAsDocumented(byte[] json) {
    checkRecord(json);
  }

  @FuzzTest
  void decodeIntent_anyBytes_decodesOrRefusesAsDocumented(byte[] json) {
    checkIntent(json);
  }

  /** Every seed widened to 1 MiB three ways through both readers; the timeout guards a hang. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void decode_oneMebibyteFiles_decodeOrRefuseAsDocumented() {
    int n = FuzzCorpus.MEBIBYTE;
    for (byte[] seed : FuzzCorpus.seeds(KubeletJsonFuzzTest.class, RECORD)) {
      for (byte[] json :
          List.of(
              FuzzCorpus.repeated(seed, n),
              FuzzCorpus.widenedAt(seed, seed.length / 2, n),
              FuzzCorpus.widenedAt(seed, Math.max(0, seed.length - 3), n))) {
        checkRecord(json);
        checkIntent(json);
      }
    }
  }

  private static void checkRecord(byte[] json) {
    PulledRecord record;
    try {
      record = KubeletJsonCodec.decodePulledRecord(json);
    } catch (JsonFormatException e) {
      checkMessage(e);
      return;
    }
    PulledRecord kept = KubeletJsonCodec.asStored(record);
    for (KubeletApiVersion version : KubeletApiVersion.values()) {
      byte[] encoded;
      try {
        encoded = KubeletJsonCodec.encode(record, version);
      } catch (IllegalArgumentException e) {
        // Documented: a time with no RFC 3339 form (before year 0 or after 9999) is not written.
        assertThat(e.getMessage()).doesNotContain(record.imageRef());
        return;
      }
      assertThat(decodeAgain(encoded)).as("round trip through %s", version).isEqualTo(kept);
    }
  }

  private static void checkIntent(byte[] json) {
    String image;
    try {
      image = KubeletJsonCodec.decodeIntent(json);
    } catch (JsonFormatException e) {
      checkMessage(e);
      return;
    }
    for (KubeletApiVersion version : KubeletApiVersion.values()) {
      try {
        assertThat(KubeletJsonCodec.decodeIntent(KubeletJsonCodec.encodeIntent(image, version)))
            .isEqualTo(image);
      } catch (JsonFormatException e) {
        throw new AssertionError("an intent it wrote does not decode: " + e.getMessage(), e);
      }
    }
  }

  private static PulledRecord decodeAgain(byte[] encoded) {
    try {
      return KubeletJsonCodec.decodePulledRecord(encoded);
    } catch (JsonFormatException e) {
      throw new AssertionError("a record it wrote does not decode: " + e.getMessage(), e);
    }
  }

  private static void checkMessage(JsonFormatException e) {
    assertThat(e.getMessage()).matches("[\\x20-\\x7e]+").hasSizeLessThan(600);
    assertThat(e.getMessage()).doesNotContainPattern("[0-9a-fA-F]{9}");
    assertThat(e.getCause()).isNull();
  }
}
