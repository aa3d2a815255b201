package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.store.PullRecordStoreContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.EnvFlags;

/** The store contract, and what only the LMDB store promises, on a fresh directory per test. */
class LmdbPullRecordStoreTest extends PullRecordStoreContract {
  @TempDir Path dir;

  @Override
  protected PullRecordStore openStore() {
    return LmdbPullRecordStore.open(dir.resolve("store"));
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
  void update_ofManyChanges_isOneCommitAndSurvivesAReopen() {
    Update.Builder batch = Update.builder();
    for (int i = 0; i < 300; i++) {
      batch.putRecord(richRecord("sha256:batch" + i, T0.plusSeconds(i)));
    }
    batch.putIntent("docker.io/library/nginx:1.25");
    long before = lmdb().stats().lastTransactionId();
    store.write(batch.build());
    assertThat(lmdb().stats().lastTransactionId()).isEqualTo(before + 1);
    store = reopenStore(store);
    assertThat(store.pulledRecordCount()).isEqualTo(300);
    assertThat(store.pulledRecord("sha256:batch299"))
        .contains(richRecord("sha256:batch299", T0.plusSeconds(299)));
    assertThat(store.pullIntentExists("docker.io/library/nginx:1.25")).isTrue();
  }

  @Test
  void emptyUpdate_commitsNothing() {
    long before = lmdb().stats().lastTransactionId();
    store.write(Update.builder().build());
    assertThat(lmdb().stats().lastTransactionId()).isEqualTo(before);
  }

  @Test
  void longKeys_listAndDeleteByTheirFullString() {
    String longRef = "sha256:" + "f".repeat(600);
    String longReference = "registry.example/" + "a".repeat(250) + ":" + "v".repeat(128);
    store.write(
        Update.builder().putRecord(richRecord(longRef, T0)).putIntent(longReference).build());
    assertThat(store.pulledRecords()).extracting(PulledRecord::imageRef).containsExactly(longRef);
    assertThat(store.pullIntents()).containsExactly(longReference);
    store.write(Update.deleteRecord(longRef + "x"));
    assertThat(store.pulledRecordCount()).isOne();
    store.write(Update.deleteRecord(longRef));
    assertThat(store.pulledRecordCount()).isZero();
  }

  @Test
  void index_keepsStepWithOverwritesAndDeletesInTheSameCommit() {
    store.write(
        Update.builder()
            .putRecord(record("sha256:1", T0, "r.example/a", secret("team-a", "regcred", 1)))
            .putRecord(record("sha256:2", T0, "r.example/a", secret("team-a", "regcred", 1)))
            .build());
    assertThat(lmdb().stats().indexEntries()).isEqualTo(4);
    store.write(
        Update.builder()
            .putRecord(record("sha256:1", T0, "r.example/a", secret("team-b", "pull", 2)))
            .deleteRecord("sha256:2")
            .build());
    assertThat(store.imageRefsWith(IndexTerm.SECRET_UID, "uid-team-a-regcred")).isEmpty();
    assertThat(store.imageRefsWith(IndexTerm.NAMESPACE, "team-b")).containsExactly("sha256:1");
    assertThat(lmdb().stats().indexEntries()).isEqualTo(2);
    assertThat(lmdb().verify().isIntact()).isTrue();
  }

  @Test
  void stats_describeTheStore() {
    store.write(
        Update.builder().putRecord(richRecord("sha256:s", T0)).putIntent("docker.io/a:1").build());
    LmdbPullRecordStore.Stats stats = lmdb().stats();
    assertThat(stats.schemaVersion()).isEqualTo(Schema.VERSION);
    assertThat(stats.pulledRecords()).isOne();
    assertThat(stats.pullIntents()).isOne();
    assertThat(stats.indexEntries()).isEqualTo(8);
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
  void readRecord_handsTheReaderBytesInTheMapMarkedInPlace() {
    store.write(Update.putRecord(richRecord("sha256:m", T0)));
    boolean[] seen = new boolean[2];
    store.readRecord(
        "sha256:m",
        null,
        (c, stored, inPlace) -> {
          seen[0] = stored.isDirect();
          seen[1] = inPlace;
          return null;
        });
    assertThat(seen).containsExactly(true, true);
  }

  @Test
  void recordWithAStringTheFormatCannotHold_isRefusedWhenTheUpdateIsBuilt() {
    assertThatThrownBy(() -> Update.putRecord(record("sha256:a", T0, "r.example/a\u00e9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image name");
    assertThat(store.pulledRecordCount()).isZero();
  }

  @Test
  void closingTwice_isHarmless() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.pulledRecordCount())
        .isInstanceOf(StoreClosedException.class)
        .hasMessage("store is closed");
    store = null;
  }

  @Test
  void readOnlyStore_refusesWrites() {
    store.write(Update.putRecord(richRecord("sha256:r", T0)));
    try (LmdbPullRecordStore reader = LmdbPullRecordStore.openReadOnly(dir.resolve("store"))) {
      assertThat(reader.pulledRecord("sha256:r")).isPresent();
      assertThatThrownBy(() -> reader.write(Update.deleteRecord("sha256:r")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("read-only");
    }
  }

  @Test
  void envFlags_alwaysNoTlsAndNeverUnsafeSyncModes() {
    for (boolean metaSync : new boolean[] {true, false}) {
      for (boolean writable : new boolean[] {true, false}) {
        List<EnvFlags> flags = List.of(LmdbEnv.envFlags(metaSync, writable));
        assertThat(flags)
            .contains(EnvFlags.MDB_NOTLS)
            .doesNotContain(EnvFlags.MDB_WRITEMAP, EnvFlags.MDB_NOSYNC, EnvFlags.MDB_MAPASYNC);
        assertThat(flags.contains(EnvFlags.MDB_NOMETASYNC)).isEqualTo(!metaSync);
        assertThat(flags.contains(EnvFlags.MDB_RDONLY_ENV)).isEqualTo(!writable);
      }
    }
  }

  @Test
  void noMetaSyncStore_keepsItsRecordsAcrossAReopen() {
    store.close();
    LmdbPullRecordStore.Options options =
        new LmdbPullRecordStore.Options(dir.resolve("nometa"), 1 << 20, 1 << 24, false, 8);
    store = LmdbPullRecordStore.open(options);
    store.write(Update.putRecord(richRecord("sha256:n", T0)));
    store.close();
    store = LmdbPullRecordStore.open(options);
    assertThat(store.pulledRecord("sha256:n")).contains(richRecord("sha256:n", T0));
  }
}
