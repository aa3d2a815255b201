package dev.pullgate.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pullgate.testing.FuzzCorpus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzz targets of the record codec: any bytes as a stored record value, decoded, checked and
 * probed in place ({@link RecordCodecProperties}), and read by decisions as a store would hand them
 * to the engine ({@link StoredValueDecisions}): never an exception but the documented ones, never a
 * grant from bytes that do not decode to a record that grants.
 *
 * <p>{@code mvn verify} replays the seed corpus in {@code RecordFuzzTestInputs} (the stored forms
 * of {@link RecordSeeds}, shared by both targets, and the inputs fuzzing found); {@code
 * JAZZER_FUZZ=1 mvn test -Dtest=RecordFuzzTest#<target>} fuzzes one target. The engine's warnings
 * about the damaged values it meets are silenced while these tests run.
 */
class RecordFuzzTest {
  private static final String CODEC = "codec_anyBytes_decodesOrReportsDamage";
  private static final Logger ENGINE_LOG = Logger.getLogger("dev.pullgate");
  private static Level engineLevel;
  private static StoredValueDecisions decisions;

  @BeforeAll
  static void openEngines() {
    engineLevel = ENGINE_LOG.getLevel();
    ENGINE_LOG.setLevel(Level.OFF);
    decisions = new StoredValueDecisions();
  }

  @AfterAll
  static void closeEngines() {
    decisions.close();
    ENGINE_LOG.setLevel(engineLevel);
  }

  @FuzzTest
  void codec_anyBytes_decodesOrReportsDamage(byte[] value) {
    RecordCodecProperties.check(value);
  }

  @FuzzTest
  void decision_anyStoredValue_neverGrantsFromGarbage(byte[] value) {
    decisions.check(value);
  }

  @Test
  void seedCorpus_holdsTheStoredFormOfEachSeedRecord() {
    List<byte[]> seeds = FuzzCorpus.seeds(RecordFuzzTest.class, CODEC);
    Map<String, PulledRecord> records = RecordSeeds.records();
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(records.size());
    for (PulledRecord record : records.values()) {
      assertThat(seeds).anySatisfy(seed -> assertThat(seed).isEqualTo(RecordFormat.encode(record)));
    }
  }

  /**
   * Every seed widened to 1 MiB through the codec target and a sample of the decision table (each
   * decision through the cache decodes the whole MiB); the timeout only guards against a hang.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void codecAndDecisions_oneMebibyteValues_finishAsDocumented() {
    for (byte[] seed : FuzzCorpus.seeds(RecordFuzzTest.class, CODEC)) {
      int n = FuzzCorpus.MEBIBYTE;
      for (byte[] value :
          List.of(
              FuzzCorpus.repeated(seed, n),
              FuzzCorpus.widenedAt(seed, seed.length / 2, n),
              FuzzCorpus.widenedAt(seed, Math.max(0, seed.length - 9), n))) {
        RecordCodecProperties.check(value);
        decisions.checkSample(value);
      }
    }
  }
}
