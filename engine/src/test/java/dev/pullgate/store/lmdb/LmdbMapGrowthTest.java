package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.store.TestRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The map starts small and grows by itself, up to its limit and not past it. */
class LmdbMapGrowthTest {
  private static final long MIN = LmdbPullRecordStore.Options.MIN_MAP_SIZE;

  @TempDir Path dir;

  private LmdbPullRecordStore.Options options(long mapSize, long maxMapSize) {
    return new LmdbPullRecordStore.Options(dir, mapSize, maxMapSize, true, 16);
  }

  @Test
  void minimumMap_growsToHoldTwentyThousandRecords() {
    int count = 20_000;
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(MIN, 1L << 30))) {
      for (int i = 0; i < 200; i++) {
        store.write(Update.putRecord(richRecord("sha256:single" + i, T0)));
      }
      for (int from = 200; from < count; from += 1000) {
        List<PulledRecord> batch = new ArrayList<>();
        for (int i = from; i < Math.min(count, from + 1000); i++) {
          batch.add(richRecord("sha256:batch" + i, T0.plusSeconds(i)));
        }
        store.write(TestRecords.putAll(batch));
      }
      assertThat(store.pulledRecordCount()).isEqualTo(count);
      assertThat(store.stats().mapSize()).isGreaterThan(MIN);
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(MIN, 1L << 30))) {
      assertThat(store.pulledRecordCount()).isEqualTo(count);
      assertThat(store.pulledRecord("sha256:single0")).contains(richRecord("sha256:single0", T0));
      assertThat(store.pulledRecord("sha256:batch19999"))
          .contains(richRecord("sha256:batch19999", T0.plusSeconds(19_999)));
      assertThat(store.stats().mapSize())
          .as("a reopen keeps the grown map, larger than the configured one")
          .isGreaterThan(MIN);
    }
  }

  @Test
  void pastMaxMapSize_writeFailsNamingTheSetting_andEverythingBeforeStaysReadable() {
    List<PulledRecord> written = new ArrayList<>();
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(MIN, 4 * MIN))) {
      StoreException failure = null;
      for (int i = 0; i < 10_000 && failure == null; i++) {
        PulledRecord record = richRecord("sha256:fill" + i, T0.plusSeconds(i));
        try {
          store.write(Update.putRecord(record));
          written.add(record);
        } catch (StoreException e) {
          failure = e;
        }
      }
      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).contains(PullGateConfig.STORE_MAX_MAP_SIZE);
      assertThat(written).hasSizeGreaterThan(10);
      assertThat(store.stats().mapSize()).isEqualTo(4 * MIN);
      assertThat(store.pulledRecordCount()).isEqualTo(written.size());
      for (PulledRecord record : written) {
        assertThat(store.pulledRecord(record.imageRef())).contains(record);
      }
      store.write(Update.deleteRecord(written.get(0).imageRef()));
      assertThat(store.pulledRecord(written.get(0).imageRef())).as("a delete still fits").isEmpty();
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(MIN, 4 * MIN))) {
      assertThat(store.pulledRecordCount()).isEqualTo(written.size() - 1);
      PulledRecord last = written.get(written.size() - 1);
      assertThat(store.pulledRecord(last.imageRef())).contains(last);
    }
  }

  @Test
  void largerConfiguredMap_enlargesAnExistingStoreAtOpen() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(MIN, 1L << 30))) {
      store.write(Update.putRecord(richRecord("sha256:x", T0)));
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(4 * MIN, 1L << 30))) {
      assertThat(store.stats().mapSize()).isEqualTo(4 * MIN);
      assertThat(store.pulledRecord("sha256:x")).isPresent();
    }
  }

  @Test
  void existingMapLargerThanMaxMapSize_isKeptAndBecomesTheLimit() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(8 * MIN, 8 * MIN))) {
      store.write(Update.putRecord(richRecord("sha256:x", T0)));
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(MIN, MIN))) {
      assertThat(store.stats().mapSize()).isEqualTo(8 * MIN);
      assertThat(store.stats().maxMapSize()).isEqualTo(8 * MIN);
    }
  }

  @Test
  void singleValueLargerThanTheMap_growsTheMapRepeatedly() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options(MIN, 64 * MIN))) {
      String huge = "sha256:huge";
      SecretCredential[] secrets = new SecretCredential[10_000];
      for (int i = 0; i < secrets.length; i++) {
        secrets[i] = secret("ns", "s" + i, i);
      }
      PulledRecord record = record(huge, T0, "registry.example/app", secrets);
      store.write(Update.putRecord(record));
      assertThat(store.pulledRecord(huge)).contains(record);
      assertThat(store.stats().mapSize()).isGreaterThanOrEqualTo(16 * MIN);
    }
  }
}
