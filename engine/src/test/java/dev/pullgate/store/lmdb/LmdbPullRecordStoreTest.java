package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.PullGateConfig;
import dev.pullgate.StoreSync;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.EnvFlags;

/** The store contract, and what only the LMDB store promises, on a fresh directory per test. */
class LmdbPullRecordStoreTest extends PullRecordStoreContract {
  @TempDir Path dir;

  @Override
  protected PullRecordStore openStore() {
    return LmdbPullRecordStore.open(LmdbStoreOptions.of(dir.resolve("store")));
  }

  @Override
  protected PullRecordStore reopenStore(PullRecordStore closed) {
    closed.close();
    return openStore();
  }

  private LmdbPullRecordStore lmdb() {
    return (LmdbPullRecordStore) store;
  }

  @Test
  void open_fromConfig_usesItsPathAndRequiresOne() {
    store.close();
    Path other = dir.resolve("from-config");
    PullGateConfig config = PullGateConfig.builder().storePath(other).build();
    store = LmdbPullRecordStore.open(config);
    assertThat(lmdb().path()).isEqualTo(other.toAbsolutePath());
    assertThatThrownBy(() -> LmdbPullRecordStore.open(PullGateConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PullGateConfig.STORE_PATH);
  }

  @Test
  void batchWrite_storesEveryRecordAndSurvivesAReopen() {
    List<PulledRecord> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(richRecord("sha256:batch" + i, T0.plusSeconds(i)));
    }
    long before = lmdb().stats().lastTransactionId();
    store.writePulledRecords(batch);
    assertThat(lmdb().stats().lastTransactionId()).isEqualTo(before + 1);
    store = reopenStore(store);
    assertThat(store.pulledRecordCount()).isEqualTo(300);
    assertThat(store.pulledRecord("sha256:batch299")).contains(batch.get(299));
  }

  @Test
  void batchDelete_isOneCommitAndCountsWhatExisted() {
    store.writePulledRecords(List.of(richRecord("sha256:a", T0), richRecord("sha256:b", T0)));
    long before = lmdb().stats().lastTransactionId();
    assertThat(store.deletePulledRecords(List.of("sha256:a", "sha256:b", "sha256:c"))).isEqualTo(2);
    assertThat(lmdb().stats().lastTransactionId()).isEqualTo(before + 1);
  }

  @Test
  void emptyImageRefAndEmptyImage_areStoredUnderDigestKeys() {
    PulledRecord record = richRecord("", T0);
    store.writePulledRecord(record);
    store.writePullIntent(new PullIntent(""));
    assertThat(store.pulledRecord("")).contains(record);
    assertThat(store.pullIntentExists("")).isTrue();
    assertThat(store.deletePulledRecord("")).isTrue();
    assertThat(store.deletePullIntent("")).isTrue();
  }

  @Test
  void longKeys_listAndDeleteByTheirFullString() {
    String longRef = "sha256:" + "f".repeat(600);
    store.writePulledRecord(richRecord(longRef, T0));
    store.writePullIntent(new PullIntent(longRef));
    assertThat(store.pulledRecords()).extracting(PulledRecord::imageRef).containsExactly(longRef);
    assertThat(store.pullIntents()).containsExactly(new PullIntent(longRef));
    assertThat(store.deletePulledRecord(longRef + "x")).isFalse();
    assertThat(store.deletePulledRecord(longRef)).isTrue();
  }

  @Test
  void stats_describeTheStore() {
    store.writePulledRecord(richRecord("sha256:s", T0));
    store.writePullIntent(new PullIntent("nginx"));
    LmdbStoreStats stats = lmdb().stats();
    assertThat(stats.schemaVersion()).isEqualTo(Schema.VERSION);
    assertThat(stats.pulledRecords()).isOne();
    assertThat(stats.pullIntents()).isOne();
    assertThat(stats.mapSize()).isEqualTo(16L * 1024 * 1024);
    assertThat(stats.maxMapSize()).isEqualTo(4L * 1024 * 1024 * 1024);
    assertThat(stats.mapBytesUsed())
        .isEqualTo((stats.lastPageNumber() + 1) * stats.pageSize())
        .isLessThanOrEqualTo(stats.mapSize());
    assertThat(stats.dataFileBytes()).isPositive();
    assertThat(stats.maxReaders()).isEqualTo(126);
    assertThat(stats.readOnly()).isFalse();
  }

  @Test
  void malformedKey_isRejectedAsInvalidInput() {
    assertThatThrownBy(() -> store.pulledRecord("sha256:\uD800"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.writePullIntent(new PullIntent("\uDC00")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.pullIntentCount()).isZero();
  }

  @Test
  void closingTwice_isHarmless() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.pulledRecordCount())
        .isInstanceOf(StoreException.class)
        .hasMessage("store is closed");
    store = null;
  }

  @Test
  void envFlags_alwaysNoTlsAndNeverUnsafeSyncModes() {
    for (StoreSync sync : StoreSync.values()) {
      for (boolean writable : new boolean[] {true, false}) {
        List<EnvFlags> flags = List.of(LmdbEnv.envFlags(sync, writable));
        assertThat(flags)
            .contains(EnvFlags.MDB_NOTLS)
            .doesNotContain(EnvFlags.MDB_WRITEMAP, EnvFlags.MDB_NOSYNC, EnvFlags.MDB_MAPASYNC);
        assertThat(flags.contains(EnvFlags.MDB_NOMETASYNC))
            .isEqualTo(sync == StoreSync.NO_META_SYNC);
        assertThat(flags.contains(EnvFlags.MDB_RDONLY_ENV)).isEqualTo(!writable);
      }
    }
  }

  @Test
  void noMetaSyncStore_keepsItsRecordsAcrossAReopen() {
    store.close();
    LmdbStoreOptions options =
        new LmdbStoreOptions(dir.resolve("nometa"), 1 << 20, 1 << 24, StoreSync.NO_META_SYNC, 8);
    store = LmdbPullRecordStore.open(options);
    store.writePulledRecord(richRecord("sha256:n", T0));
    store.close();
    store = LmdbPullRecordStore.open(options);
    assertThat(store.pulledRecord("sha256:n")).contains(richRecord("sha256:n", T0));
  }
}
