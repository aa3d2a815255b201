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
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the cache decorator adds over its delegate: hits, known absences, bounds, coherence. */
class CachingPullRecordStoreTest {
  private final RecordingPullRecordStore delegate = new RecordingPullRecordStore();

  private CachingPullRecordStore cache(long maxRecords, long maxIntents) {
    return new CachingPullRecordStore(delegate, maxRecords, maxIntents, Runnable::run);
  }

  @Test
  void read_missThenHits_readsTheDelegateOnceAndCountsEach() {
    delegate.inner.writePulledRecord(richRecord("sha256:a", T0));
    CachingPullRecordStore store = cache(100, 100);

    for (int i = 0; i < 3; i++) {
      assertThat(store.pulledRecord("sha256:a")).isPresent();
    }

    assertThat(delegate.recordReads).hasValue(1);
    CacheStatistics stats = store.cacheStatistics();
    assertThat(stats.recordMisses()).isEqualTo(1);
    assertThat(stats.recordHits()).isEqualTo(2);
    assertThat(stats.cachedRecords()).isEqualTo(1);
  }

  @Test
  void read_absentRecord_isCachedAsAbsenceUntilAWriteMakesItVisible() {
    CachingPullRecordStore store = cache(100, 100);
    assertThat(store.pulledRecord("sha256:new")).isEmpty();
    assertThat(store.pulledRecord("sha256:new")).isEmpty();
    assertThat(delegate.recordReads).hasValue(1);

    PulledRecord record = richRecord("sha256:new", T0);
    store.writePulledRecord(record);

    assertThat(store.pulledRecord("sha256:new")).contains(record);
    assertThat(delegate.recordReads).hasValue(1);
    assertThat(store.cacheStatistics().recordHits()).isEqualTo(2);
  }

  @Test
  void delete_leavesAKnownAbsence() {
    CachingPullRecordStore store = cache(100, 100);
    store.writePulledRecord(richRecord("sha256:a", T0));

    assertThat(store.deletePulledRecord("sha256:a")).isTrue();

    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    assertThat(delegate.recordReads).hasValue(0);
  }

  @Test
  void intentLookups_cacheBothAnswersAndFollowWritesAndDeletes() {
    CachingPullRecordStore store = cache(100, 100);
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();

    store.writePullIntent(new PullIntent("nginx:1.25"));
    assertThat(store.pullIntentExists("nginx:1.25")).isTrue();
    assertThat(store.deletePullIntent("nginx:1.25")).isTrue();
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();

    assertThat(delegate.intentReads).hasValue(1);
    CacheStatistics stats = store.cacheStatistics();
    assertThat(stats.intentMisses()).isEqualTo(1);
    assertThat(stats.intentHits()).isEqualTo(3);
    assertThat(stats.cachedIntents()).isEqualTo(1);
  }

  @Test
  void cache_holdsNoMoreThanItsBound_andEvictedRecordsReadBackFromTheDelegate() {
    CachingPullRecordStore store = cache(10, 10);
    for (int i = 0; i < 100; i++) {
      store.writePulledRecord(richRecord("sha256:r" + i, T0.plusSeconds(i)));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(store.pulledRecord("sha256:r" + i))
          .contains(richRecord("sha256:r" + i, T0.plusSeconds(i)));
    }
    store.cleanUp();

    CacheStatistics stats = store.cacheStatistics();
    assertThat(stats.cachedRecords()).isLessThanOrEqualTo(10);
    assertThat(stats.recordEvictions()).isGreaterThanOrEqualTo(90);
    assertThat(stats.recordMisses()).isEqualTo(delegate.recordReads.get()).isPositive();
  }

  @Test
  void zeroBounds_cacheNothing() {
    CachingPullRecordStore store = cache(0, 0);
    store.writePulledRecord(richRecord("sha256:a", T0));
    store.pulledRecord("sha256:a");
    store.pulledRecord("sha256:a");
    store.pullIntentExists("nginx");
    store.pullIntentExists("nginx");

    assertThat(delegate.recordReads).hasValue(2);
    assertThat(delegate.intentReads).hasValue(2);
    assertThat(store.cacheStatistics()).isEqualTo(CacheStatistics.NONE);
  }

  @Test
  void failedWrite_thatTheDelegateApplied_isReadFromTheDelegateNotFromTheOldEntry() {
    CachingPullRecordStore store = cache(100, 100);
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    PulledRecord record = richRecord("sha256:a", T0);
    delegate.failAfterApplying(true);

    assertThatThrownBy(() -> store.writePulledRecord(record)).isInstanceOf(StoreException.class);

    assertThat(store.pulledRecord("sha256:a")).contains(record);
  }

  @Test
  void failedWrite_thatTheDelegateRefused_keepsTheOldRecordReadable() {
    CachingPullRecordStore store = cache(100, 100);
    PulledRecord old = record("sha256:a", T0, "r.example/a", secret("ns", "s", 1));
    store.writePulledRecord(old);
    delegate.failWrites(true);

    assertThatThrownBy(
            () ->
                store.writePulledRecord(
                    record("sha256:a", T0.plusSeconds(1), "r.example/a", secret("ns", "s", 2))))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.writePullIntent(new PullIntent("nginx")))
        .isInstanceOf(StoreException.class);

    assertThat(store.pulledRecord("sha256:a")).contains(old);
    assertThat(store.pullIntentExists("nginx")).isFalse();
  }

  @Test
  void batchWriteAndDelete_replaceTheirKeysCachedAnswers() {
    CachingPullRecordStore store = cache(100, 100);
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    PulledRecord record = richRecord("sha256:a", T0);

    store.writePulledRecords(List.of(record));
    assertThat(store.pulledRecord("sha256:a")).contains(record);

    assertThat(store.deletePulledRecords(List.of("sha256:a", "sha256:b"))).isEqualTo(1);
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
  }

  @Test
  void negativeBound_isRejectedNamingTheProperty() {
    assertThatThrownBy(() -> cache(-3, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pullgate.cache.maxRecords must not be negative, was -3");
    assertThatThrownBy(() -> cache(10, -1))
        .hasMessage("pullgate.cache.maxIntents must not be negative, was -1");
  }

  @Test
  void closedStore_throwsEvenForCachedRecords() {
    CachingPullRecordStore store = cache(100, 100);
    store.writePulledRecord(richRecord("sha256:a", T0));
    store.close();

    assertThatThrownBy(() -> store.pulledRecord("sha256:a")).isInstanceOf(StoreException.class);
  }
}
