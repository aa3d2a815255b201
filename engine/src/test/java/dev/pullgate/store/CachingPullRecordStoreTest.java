package dev.pullgate.store;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore.Update;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

/** What the cache decorator adds over its delegate: hits, known absences, bounds, coherence. */
class CachingPullRecordStoreTest {
  private final RecordingPullRecordStore delegate = new RecordingPullRecordStore();

  private CachingPullRecordStore cache(long maxRecords, long maxIntents) {
    return new CachingPullRecordStore(delegate, maxRecords, maxIntents, Runnable::run);
  }

  @Test
  void read_missThenHits_readsTheDelegateOnceAndCountsEach() {
    delegate.inner.write(Update.putRecord(richRecord("sha256:a", T0)));
    CachingPullRecordStore store = cache(100, 100);

    for (int i = 0; i < 3; i++) {
      assertThat(store.pulledRecord("sha256:a")).isPresent();
    }

    assertThat(delegate.recordReads).hasValue(1);
    CachingPullRecordStore.Statistics stats = store.statistics();
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
    store.write(Update.putRecord(record));

    assertThat(store.pulledRecord("sha256:new")).contains(record);
    assertThat(delegate.recordReads).hasValue(1);
    assertThat(store.statistics().recordHits()).isEqualTo(2);
  }

  @Test
  void delete_leavesAKnownAbsence() {
    CachingPullRecordStore store = cache(100, 100);
    store.write(Update.putRecord(richRecord("sha256:a", T0)));

    store.write(Update.deleteRecord("sha256:a"));

    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    assertThat(delegate.recordReads).hasValue(0);
  }

  @Test
  void intentLookups_cacheBothAnswersAndFollowWritesAndDeletes() {
    CachingPullRecordStore store = cache(100, 100);
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();

    store.write(Update.putIntent("nginx:1.25"));
    assertThat(store.pullIntentExists("nginx:1.25")).isTrue();
    store.write(Update.deleteIntent("nginx:1.25"));
    assertThat(store.pullIntentExists("nginx:1.25")).isFalse();

    assertThat(delegate.intentReads).hasValue(1);
    CachingPullRecordStore.Statistics stats = store.statistics();
    assertThat(stats.intentMisses()).isEqualTo(1);
    assertThat(stats.intentHits()).isEqualTo(3);
    assertThat(stats.cachedIntents()).isEqualTo(1);
  }

  @Test
  void cache_holdsNoMoreThanItsBound_andEvictedRecordsReadBackFromTheDelegate() {
    CachingPullRecordStore store = cache(10, 10);
    for (int i = 0; i < 100; i++) {
      store.write(Update.putRecord(richRecord("sha256:r" + i, T0.plusSeconds(i))));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(store.pulledRecord("sha256:r" + i))
          .contains(richRecord("sha256:r" + i, T0.plusSeconds(i)));
    }
    store.cleanUp();

    CachingPullRecordStore.Statistics stats = store.statistics();
    assertThat(stats.cachedRecords()).isLessThanOrEqualTo(10);
    assertThat(stats.recordEvictions()).isGreaterThanOrEqualTo(90);
    assertThat(stats.recordMisses()).isEqualTo(delegate.recordReads.get()).isPositive();
  }

  @Test
  void zeroBounds_cacheNothing() {
    CachingPullRecordStore store = cache(0, 0);
    store.write(Update.putRecord(richRecord("sha256:a", T0)));
    store.pulledRecord("sha256:a");
    store.pulledRecord("sha256:a");
    store.pullIntentExists("nginx");
    store.pullIntentExists("nginx");

    assertThat(delegate.recordReads).hasValue(2);
    assertThat(delegate.intentReads).hasValue(2);
    assertThat(store.statistics()).isEqualTo(CachingPullRecordStore.Statistics.NONE);
  }

  @Test
  void failedWrite_thatTheDelegateApplied_isReadFromTheDelegateNotFromTheOldEntry() {
    CachingPullRecordStore store = cache(100, 100);
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    PulledRecord record = richRecord("sha256:a", T0);
    delegate.failAfterApplying(true);

    assertThatThrownBy(() -> store.write(Update.putRecord(record)))
        .isInstanceOf(StoreException.class);

    assertThat(store.pulledRecord("sha256:a")).contains(record);
  }

  @Test
  void failedWrite_thatTheDelegateRefused_keepsTheOldRecordReadable() {
    CachingPullRecordStore store = cache(100, 100);
    PulledRecord old = record("sha256:a", T0, "r.example/a", secret("ns", "s", 1));
    store.write(Update.putRecord(old));
    delegate.failWrites(true);

    PulledRecord newer = record("sha256:a", T0.plusSeconds(1), "r.example/a", secret("ns", "s", 2));
    assertThatThrownBy(() -> store.write(Update.putRecord(newer)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.write(Update.putIntent("nginx")))
        .isInstanceOf(StoreException.class);

    assertThat(store.pulledRecord("sha256:a")).contains(old);
    assertThat(store.pullIntentExists("nginx")).isFalse();
  }

  @Test
  void updateOfManyKeys_replacesTheirCachedAnswers() {
    CachingPullRecordStore store = cache(100, 100);
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
    assertThat(store.pullIntentExists("docker.io/library/nginx:latest")).isFalse();
    PulledRecord record = richRecord("sha256:a", T0);

    store.write(
        Update.builder().putRecord(record).putIntent("docker.io/library/nginx:latest").build());
    assertThat(store.pulledRecord("sha256:a")).contains(record);
    assertThat(store.pullIntentExists("docker.io/library/nginx:latest")).isTrue();

    store.write(Update.builder().deleteRecord("sha256:a").deleteRecord("sha256:b").build());
    assertThat(store.pulledRecord("sha256:a")).isEmpty();
  }

  @Test
  void cachedRecord_readsAsAHeapCopyThatIsNotInPlace() {
    delegate.inner.write(Update.putRecord(richRecord("sha256:a", T0)));
    CachingPullRecordStore store = cache(100, 100);
    boolean[] inPlace = new boolean[2];
    for (int i = 0; i < 2; i++) {
      int read = i;
      store.readRecord("sha256:a", null, (c, stored, fromStore) -> inPlace[read] = fromStore);
    }
    assertThat(inPlace).containsExactly(false, false);
    assertThat(delegate.recordReads).hasValue(1);
  }

  /**
   * A value whose checksum is sound but whose structure the decoder refuses (here a reserved header
   * byte set, with the checksum written over it) cannot come from damage, only from a writer that
   * is not Pullgate's encoder; the cache must not trust it on its checksum alone.
   */
  @Test
  void fill_soundChecksumOverABrokenStructure_isDamageAndIsNotCached() {
    byte[] bytes = RecordFormat.encode(richRecord("sha256:a", T0));
    bytes[3] = 1;
    ByteBuffer.wrap(bytes)
        .putLong(bytes.length - 8, LongHashFunction.xx3().hashBytes(bytes, 0, bytes.length - 8));
    RecordFormat.checkFrame(ByteBuffer.wrap(bytes));
    AtomicInteger reads = new AtomicInteger();
    PullRecordStore inPlace =
        new ForwardingPullRecordStore(PullRecordStore.inMemory()) {
          @Override
          public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
            reads.incrementAndGet();
            return reader.read(context, ByteBuffer.wrap(bytes), true);
          }
        };
    CachingPullRecordStore store = new CachingPullRecordStore(inPlace, 100, 100, Runnable::run);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> store.readRecord("sha256:a", null, (c, stored, fromStore) -> true))
          .isInstanceOf(StoreDamagedException.class);
    }
    assertThat(reads).hasValue(2);
  }

  @Test
  void negativeBound_isRejectedNamingTheBound() {
    assertThatThrownBy(() -> cache(-3, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRecords must not be negative, was -3");
    assertThatThrownBy(() -> cache(10, -1)).hasMessage("maxIntents must not be negative, was -1");
  }

  @Test
  void closedStore_throwsEvenForCachedRecords() {
    CachingPullRecordStore store = cache(100, 100);
    store.write(Update.putRecord(richRecord("sha256:a", T0)));
    store.close();

    assertThatThrownBy(() -> store.pulledRecord("sha256:a")).isInstanceOf(StoreException.class);
  }
}
