package dev.pullgate.store;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import dev.pullgate.store.PullRecordStore.Update;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PullRecordStore} must have. A store's test extends this class and says
 * how to open a store and how to reopen one over the same records.
 */
public abstract class PullRecordStoreContract {
  protected PullRecordStore store;

  /** A new, empty store. */
  protected abstract PullRecordStore openStore() throws Exception;

  /** The same records, after {@code closed} was closed: a restart of the agent. */
  protected abstract PullRecordStore reopenStore(PullRecordStore closed) throws Exception;

  /** Whether the store can keep credential hashes under a key (not the kubelet's format). */
  protected boolean keepsHashKeys() {
    return true;
  }

  /**
   * Whether the store keeps names observed as preloaded and a time per credential apart from its
   * record's (not the kubelet's format, which keeps one time per record). Without them, the test of
   * preloaded names is skipped, and the tests that read a rich record back write one whose
   * credentials all carry the record's time.
   */
  protected boolean keepsPreloadedNamesAndAcceptanceTimes() {
    return true;
  }

  @BeforeEach
  void openTheStore() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    if (store != null) {
      store.close();
    }
  }

  private void put(PulledRecord record) {
    store.write(Update.putRecord(record));
  }

  /** {@link TestRecords#richRecord} as this store can keep it whole. */
  private PulledRecord rich(String imageRef, Instant lastUpdated) {
    PulledRecord record = richRecord(imageRef, lastUpdated);
    return keepsPreloadedNamesAndAcceptanceTimes() ? record : TestRecords.acceptedAtItsTime(record);
  }

  @Test
  void pulledRecord_absent_isEmptyAndReadsAsNull() {
    assertThat(store.pulledRecord("sha256:missing")).isEmpty();
    ByteBuffer stored = store.readRecord("sha256:missing", null, (c, bytes, inPlace) -> bytes);
    assertThat(stored).isNull();
    assertThat(store.pulledRecordCount()).isZero();
  }

  @Test
  void pulledRecord_written_readsBackEqual() {
    PulledRecord record = rich("sha256:aaaa", T0);
    put(record);
    assertThat(store.pulledRecord("sha256:aaaa")).contains(record);
    assertThat(store.pulledRecordCount()).isOne();
  }

  @Test
  void readRecord_handsTheStoredBytesToTheReader() {
    PulledRecord record = rich("sha256:bytes", T0);
    put(record);
    byte[] read =
        store.readRecord(
            "sha256:bytes",
            null,
            (c, stored, inPlace) -> {
              byte[] copy = new byte[stored.remaining()];
              stored.duplicate().get(copy);
              return copy;
            });
    assertThat(read).isEqualTo(RecordFormat.encode(record));
  }

  @Test
  void pulledRecord_withEmptyMapping_readsBackEqual() {
    PulledRecord empty = PulledRecord.withoutCredentials("sha256:empty", T0);
    put(empty);
    assertThat(store.pulledRecord("sha256:empty")).contains(empty);
  }

  @Test
  void pulledRecord_withOnlyPreloadedNames_readsBackEqual() {
    assumeTrue(keepsPreloadedNamesAndAcceptanceTimes(), "the store cannot keep preloaded names");
    PulledRecord preloaded =
        PulledRecord.preloaded("sha256:pre", T0, List.of("docker.io/library/nginx"));
    put(preloaded);
    assertThat(store.pulledRecord("sha256:pre")).contains(preloaded);
  }

  @Test
  void pulledRecord_overwritten_readsNewest() {
    put(record("sha256:a", T0, "r.example/a", secret("ns", "s", 1)));
    PulledRecord newer =
        record("sha256:a", T0.plusSeconds(60), "r.example/a", secret("ns", "s", 2));
    put(newer);
    assertThat(store.pulledRecord("sha256:a")).contains(newer);
    assertThat(store.pulledRecordCount()).isOne();
  }

  @Test
  void deferredUpdate_isVisibleAtOnceAndDurableAfterFlush() throws Exception {
    PulledRecord record = rich("sha256:deferred", T0);
    store.writeDeferred(Update.putRecord(record));
    assertThat(store.pulledRecord("sha256:deferred")).contains(record);
    store.flush();
    store = reopenStore(store);
    assertThat(store.pulledRecord("sha256:deferred")).contains(record);
  }

  @Test
  void deferredThenDurableUpdate_keepsTheLaterOne() throws Exception {
    store.writeDeferred(
        Update.putRecord(record("sha256:k", T0, "r.example/a", secret("ns", "s", 1))));
    PulledRecord later = record("sha256:k", T0.plusSeconds(5), "r.example/a", secret("ns", "s", 2));
    put(later);
    store.flush();
    assertThat(store.pulledRecord("sha256:k")).contains(later);
    store = reopenStore(store);
    assertThat(store.pulledRecord("sha256:k")).contains(later);
  }

  @Test
  void deleteRecord_removesOnlyThatRecord() {
    put(richRecord("sha256:a", T0));
    put(richRecord("sha256:b", T0));
    store.write(Update.deleteRecord("sha256:a"));
    store.write(Update.deleteRecord("sha256:a"));
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    assertThat(store.pulledRecord("sha256:b")).isPresent();
    assertThat(store.pulledRecordCount()).isOne();
  }

  @Test
  void update_appliesRecordsAndIntentsTogether() throws Exception {
    store.write(Update.putIntent("docker.io/library/nginx:1.25"));
    PulledRecord record = rich("sha256:together", T0);
    store.write(
        Update.builder()
            .putRecord(record)
            .deleteIntent("docker.io/library/nginx:1.25")
            .putIntent("docker.io/library/redis:7")
            .build());
    assertThat(store.pulledRecord("sha256:together")).contains(record);
    assertThat(store.pullIntents()).containsExactly("docker.io/library/redis:7");
    store = reopenStore(store);
    assertThat(store.pulledRecord("sha256:together")).contains(record);
    assertThat(store.pullIntents()).containsExactly("docker.io/library/redis:7");
  }

  @Test
  void pulledRecords_listsEveryRecord() {
    for (int i = 0; i < 50; i++) {
      put(richRecord("sha256:r" + i, T0.plusSeconds(i)));
    }
    assertThat(store.pulledRecords()).hasSize(50);
    assertThat(store.pulledRecords().stream().map(PulledRecord::imageRef))
        .contains("sha256:r0", "sha256:r49");
  }

  @Test
  void imageRefs_thatShareALongPrefix_neverShareARecord() {
    String prefix = "sha256:" + "x".repeat(3000);
    PulledRecord a = record(prefix + "a", T0, "r.example/a", secret("ns", "a", 1));
    PulledRecord b = record(prefix + "b", T0, "r.example/b", secret("ns", "b", 2));
    put(a);
    put(b);
    assertThat(store.pulledRecord(prefix + "a")).contains(a);
    assertThat(store.pulledRecord(prefix + "b")).contains(b);
    assertThat(store.pulledRecord(prefix + "c")).isEmpty();
    assertThat(store.pulledRecordCount()).isEqualTo(2);
  }

  @Test
  void pullIntent_writtenReadAndDeleted() {
    String reference = "docker.io/library/nginx:1.25";
    assertThat(store.pullIntentExists(reference)).isFalse();
    store.write(Update.putIntent(reference));
    store.write(Update.putIntent(reference));
    assertThat(store.pullIntentExists(reference)).isTrue();
    assertThat(store.pullIntentCount()).isOne();
    assertThat(store.pullIntents()).containsExactly(reference);
    store.write(Update.deleteIntent(reference));
    assertThat(store.pullIntentExists(reference)).isFalse();
    assertThat(store.pullIntentCount()).isZero();
  }

  @Test
  void pullIntent_forLongReference_isKeptApartFromItsNeighbours() {
    String base = "registry.example/" + "a".repeat(250) + ":" + "v".repeat(120);
    store.write(Update.putIntent(base + "1"));
    assertThat(store.pullIntentExists(base + "1")).isTrue();
    assertThat(store.pullIntentExists(base + "2")).isFalse();
  }

  @Test
  void intentsAndRecords_areSeparateKeySpaces() {
    store.write(Update.putIntent("sha256:same"));
    assertThat(store.pulledRecord("sha256:same")).isEmpty();
    put(richRecord("sha256:same", T0));
    store.write(Update.deleteIntent("sha256:same"));
    assertThat(store.pullIntentExists("sha256:same")).isFalse();
    assertThat(store.pulledRecord("sha256:same")).isPresent();
  }

  @Test
  void imageRefsWith_findsTheRecordsHoldingATerm() {
    put(record("sha256:1", T0, "r.example/a", secret("team-a", "regcred", 1)));
    put(record("sha256:2", T0, "r.example/b", secret("team-a", "other", 2)));
    put(richRecord("sha256:3", T0));
    assertThat(store.imageRefsWith(IndexTerm.SECRET_UID, "uid-team-a-regcred"))
        .containsExactlyInAnyOrder("sha256:1", "sha256:3");
    assertThat(store.imageRefsWith(IndexTerm.NAMESPACE, "team-a"))
        .containsExactlyInAnyOrder("sha256:1", "sha256:2", "sha256:3");
    assertThat(store.imageRefsWith(IndexTerm.SERVICE_ACCOUNT_UID, "sa-uid-team-c-builder"))
        .containsExactly("sha256:3");
    put(record("sha256:1", T0, "r.example/a", secret("team-b", "regcred", 1)));
    store.write(Update.deleteRecord("sha256:3"));
    assertThat(store.imageRefsWith(IndexTerm.SECRET_UID, "uid-team-a-regcred")).isEmpty();
    assertThat(store.imageRefsWith(IndexTerm.NAMESPACE, "team-a")).containsExactly("sha256:2");
  }

  @Test
  void hashKeyId_isTakenByAnEmptyStoreOnlyAndSurvivesAReopen() throws Exception {
    assertThat(store.hashKeyId()).isEmpty();
    if (!keepsHashKeys()) {
      assertThatThrownBy(() -> store.adoptHashKeyId("0011")).isInstanceOf(StoreException.class);
      return;
    }
    store.adoptHashKeyId("00112233");
    assertThat(store.hashKeyId()).contains("00112233");
    assertThatThrownBy(() -> store.adoptHashKeyId("44556677")).isInstanceOf(StoreException.class);
    store = reopenStore(store);
    assertThat(store.hashKeyId()).contains("00112233");
  }

  @Test
  void everything_survivesAReopen() throws Exception {
    PulledRecord record = rich("sha256:persist", T0);
    put(record);
    store.write(Update.putIntent("registry.example/app:v1"));
    store = reopenStore(store);
    assertThat(store.pulledRecord("sha256:persist")).contains(record);
    assertThat(store.pullIntentExists("registry.example/app:v1")).isTrue();
    assertThat(store.pulledRecordCount()).isOne();
    assertThat(store.pullIntentCount()).isOne();
  }

  @Test
  void closedStore_throwsStoreException() {
    store.close();
    PullRecordStore closed = store;
    store = null;
    assertThatThrownBy(() -> closed.pulledRecord("sha256:a")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> closed.write(Update.putIntent("a")))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void concurrentWritersAndReaders_loseNothing() throws Exception {
    int threads = 4;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String ref = "sha256:t" + thread + "-" + i;
                    store.write(
                        Update.builder()
                            .putRecord(richRecord(ref, T0.plusSeconds(i)))
                            .putIntent("registry.example/img-" + thread + ":" + i)
                            .build());
                    assertThat(store.pulledRecord(ref)).isPresent();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.pulledRecordCount()).isEqualTo((long) threads * perThread);
    assertThat(store.pullIntentCount()).isEqualTo((long) threads * perThread);
    assertThat(Set.copyOf(store.pulledRecords())).hasSize(threads * perThread);
  }

  /** A fresh copy of the bytes the store holds for {@code imageRef}, or null. */
  protected final ByteBuffer storedBytes(String imageRef) {
    return store.readRecord(
        imageRef,
        null,
        (c, stored, inPlace) -> {
          if (stored == null) {
            return null;
          }
          byte[] copy = new byte[stored.remaining()];
          stored.duplicate().get(copy);
          return ByteBuffer.wrap(copy);
        });
  }
}
