package dev.pullgate.store;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
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

  @Test
  void pulledRecord_absent_isEmpty() {
    assertThat(store.pulledRecord("sha256:missing")).isEmpty();
    assertThat(store.pulledRecordCount()).isZero();
  }

  @Test
  void pulledRecord_written_readsBackEqual() {
    PulledRecord record = richRecord("sha256:aaaa", T0);
    store.writePulledRecord(record);
    assertThat(store.pulledRecord("sha256:aaaa")).contains(record);
    assertThat(store.pulledRecordCount()).isOne();
  }

  @Test
  void pulledRecord_withEmptyMapping_readsBackEqual() {
    PulledRecord record = PulledRecord.withoutCredentials("sha256:empty", T0);
    store.writePulledRecord(record);
    assertThat(store.pulledRecord("sha256:empty")).contains(record);
  }

  @Test
  void pulledRecord_overwritten_readsNewest() {
    store.writePulledRecord(record("sha256:a", T0, "r.example/a", secret("ns", "s", 1)));
    PulledRecord newer =
        record("sha256:a", T0.plusSeconds(60), "r.example/a", secret("ns", "s", 2));
    store.writePulledRecord(newer);
    assertThat(store.pulledRecord("sha256:a")).contains(newer);
    assertThat(store.pulledRecordCount()).isOne();
  }

  @Test
  void pulledRecord_deferredWrite_isVisibleAtOnceAndDurableAfterFlush() throws Exception {
    PulledRecord record = richRecord("sha256:deferred", T0);
    store.writePulledRecordDeferred(record);
    assertThat(store.pulledRecord("sha256:deferred")).contains(record);
    store.flush();
    store = reopenStore(store);
    assertThat(store.pulledRecord("sha256:deferred")).contains(record);
  }

  @Test
  void pulledRecord_deferredThenSynchronousWrite_keepsTheLaterOne() throws Exception {
    store.writePulledRecordDeferred(record("sha256:k", T0, "r.example/a", secret("ns", "s", 1)));
    PulledRecord later = record("sha256:k", T0.plusSeconds(5), "r.example/a", secret("ns", "s", 2));
    store.writePulledRecord(later);
    store.flush();
    assertThat(store.pulledRecord("sha256:k")).contains(later);
    store = reopenStore(store);
    assertThat(store.pulledRecord("sha256:k")).contains(later);
  }

  @Test
  void deletePulledRecord_removesOnlyThatRecord() {
    store.writePulledRecord(richRecord("sha256:a", T0));
    store.writePulledRecord(richRecord("sha256:b", T0));
    assertThat(store.deletePulledRecord("sha256:a")).isTrue();
    assertThat(store.deletePulledRecord("sha256:a")).isFalse();
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    assertThat(store.pulledRecord("sha256:b")).isPresent();
  }

  @Test
  void deletePulledRecords_countsWhatExisted() {
    store.writePulledRecord(richRecord("sha256:a", T0));
    store.writePulledRecord(richRecord("sha256:b", T0));
    assertThat(store.deletePulledRecords(List.of("sha256:a", "sha256:b", "sha256:c"))).isEqualTo(2);
    assertThat(store.pulledRecordCount()).isZero();
  }

  @Test
  void pulledRecords_listsEveryRecord() {
    for (int i = 0; i < 50; i++) {
      store.writePulledRecord(richRecord("sha256:r" + i, T0.plusSeconds(i)));
    }
    assertThat(store.pulledRecords()).hasSize(50);
    assertThat(store.pulledRecords().stream().map(PulledRecord::imageRef))
        .contains("sha256:r0", "sha256:r49");
  }

  @Test
  void imageRefs_thatShareALongPrefix_neverShareARecord() {
    String prefix = "x".repeat(3000);
    PulledRecord a = record(prefix + "a", T0, "r.example/a", secret("ns", "a", 1));
    PulledRecord b = record(prefix + "b", T0, "r.example/b", secret("ns", "b", 2));
    store.writePulledRecord(a);
    store.writePulledRecord(b);
    assertThat(store.pulledRecord(prefix + "a")).contains(a);
    assertThat(store.pulledRecord(prefix + "b")).contains(b);
    assertThat(store.pulledRecord(prefix + "c")).isEmpty();
    assertThat(store.pulledRecordCount()).isEqualTo(2);
  }

  @Test
  void pullIntent_writtenReadAndDeleted() {
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();
    store.writePullIntent(new PullIntent("nginx:1.25"));
    store.writePullIntent(new PullIntent("nginx:1.25"));
    assertThat(store.pullIntentExists("nginx:1.25")).isTrue();
    assertThat(store.pullIntentCount()).isOne();
    assertThat(store.pullIntents()).containsExactly(new PullIntent("nginx:1.25"));
    assertThat(store.deletePullIntent("nginx:1.25")).isTrue();
    assertThat(store.deletePullIntent("nginx:1.25")).isFalse();
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();
  }

  @Test
  void pullIntent_forLongImageString_isKeptApartFromItsNeighbours() {
    String base = "registry.example/" + "a".repeat(600) + ":v";
    store.writePullIntent(new PullIntent(base + "1"));
    assertThat(store.pullIntentExists(base + "1")).isTrue();
    assertThat(store.pullIntentExists(base + "2")).isFalse();
  }

  @Test
  void intentsAndRecords_areSeparateKeySpaces() {
    store.writePullIntent(new PullIntent("sha256:same"));
    assertThat(store.pulledRecord("sha256:same")).isEmpty();
    store.writePulledRecord(richRecord("sha256:same", T0));
    assertThat(store.deletePullIntent("sha256:same")).isTrue();
    assertThat(store.pulledRecord("sha256:same")).isPresent();
  }

  @Test
  void everything_survivesAReopen() throws Exception {
    PulledRecord record = richRecord("sha256:persist", T0);
    store.writePulledRecord(record);
    store.writePullIntent(new PullIntent("registry.example/app:v1"));
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
    assertThatThrownBy(() -> closed.writePullIntent(new PullIntent("a")))
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
                    store.writePulledRecord(richRecord(ref, T0.plusSeconds(i)));
                    assertThat(store.pulledRecord(ref)).isPresent();
                    store.writePullIntent(new PullIntent("img-" + thread + "-" + i));
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
}
