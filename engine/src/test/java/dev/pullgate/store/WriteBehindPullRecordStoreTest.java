package dev.pullgate.store;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Write-behind: batching, coalescing, ordering against synchronous writes and deletes, flush and
 * close, and failed commits. The delegate holds a batch commit, before applying it, to keep the
 * writer busy while the test queues more.
 */
class WriteBehindPullRecordStoreTest {
  private final RecordingPullRecordStore delegate = new RecordingPullRecordStore();
  private WriteBehindPullRecordStore store = new WriteBehindPullRecordStore(delegate);

  @AfterEach
  void closeTheStore() {
    delegate.failWrites(false);
    store.close();
  }

  private static PulledRecord version(String imageRef, int version) {
    return record(imageRef, T0.plusSeconds(version), "r.example/app", secret("ns", "s", version));
  }

  /** Queues {@code first} and returns once the writer is held inside its commit. */
  private RecordingPullRecordStore.Hold holdCommitOf(PulledRecord first) throws Exception {
    RecordingPullRecordStore.Hold hold = delegate.holdNextBatch();
    store.writePulledRecordDeferred(first);
    hold.awaitReached();
    return hold;
  }

  @Test
  void deferredWrites_queuedDuringACommit_areCommittedTogetherInOneBatch() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:first", T0));
    for (int i = 0; i < 500; i++) {
      store.writePulledRecordDeferred(richRecord("sha256:r" + i, T0));
    }
    hold.release();
    store.flush();

    assertThat(delegate.batches).hasSize(2);
    assertThat(delegate.batches.get(0)).hasSize(1);
    assertThat(delegate.batches.get(1)).hasSize(500);
    assertThat(delegate.singleWrites).hasValue(0);
    assertThat(delegate.inner.pulledRecordCount()).isEqualTo(501);
  }

  @Test
  void repeatedDeferredWrites_toOneImageRef_commitOnlyTheLatest() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:other", T0));
    for (int v = 1; v <= 100; v++) {
      store.writePulledRecordDeferred(version("sha256:k", v));
      assertThat(store.pulledRecord("sha256:k")).contains(version("sha256:k", v));
    }
    hold.release();
    store.flush();

    assertThat(delegate.batches.get(1)).containsExactly(version("sha256:k", 100));
    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 100));
  }

  @Test
  void deferredWrite_duringTheCommitOfAnOlderOne_staysVisibleUntilItsOwnCommit() throws Exception {
    RecordingPullRecordStore.Hold first = holdCommitOf(version("sha256:k", 1));
    store.writePulledRecordDeferred(version("sha256:k", 2));
    RecordingPullRecordStore.Hold second = delegate.holdNextBatch();
    first.release();
    second.awaitReached();

    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 1));
    assertThat(store.pulledRecord("sha256:k")).contains(version("sha256:k", 2));

    second.release();
    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 2));
  }

  @Test
  void synchronousWrite_afterADeferredOne_isNeverOverwrittenByIt() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(version("sha256:k", 1));
    Background<Void> write =
        Background.run(() -> store.writePulledRecord(version("sha256:k", 2))).awaitParkedOrDone();
    assertThat(write.isDone()).isFalse();
    assertThat(store.pulledRecord("sha256:k")).contains(version("sha256:k", 2));

    hold.release();
    write.join();

    assertThat(delegate.batches)
        .containsExactly(List.of(version("sha256:k", 1)), List.of(version("sha256:k", 2)));
    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 2));
  }

  @Test
  void delete_afterADeferredWrite_isNotUndoneByIt() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(version("sha256:k", 1));
    Background<Boolean> delete =
        Background.start(() -> store.deletePulledRecord("sha256:k")).awaitParkedOrDone();
    assertThat(delete.isDone()).isFalse();
    assertThat(store.pulledRecord("sha256:k")).isEmpty();

    hold.release();

    assertThat(delete.join()).isTrue();
    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:k")).isEmpty();
    assertThat(store.pulledRecord("sha256:k")).isEmpty();
  }

  @Test
  void flush_waitsUntilEveryEarlierDeferredWriteIsInTheDelegate() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:a", T0));
    store.writePulledRecordDeferred(richRecord("sha256:b", T0));
    Background<Void> flush = Background.run(store::flush).awaitParkedOrDone();
    assertThat(flush.isDone()).isFalse();

    hold.release();
    flush.join();

    assertThat(delegate.inner.pulledRecord("sha256:a")).isPresent();
    assertThat(delegate.inner.pulledRecord("sha256:b")).isPresent();
  }

  @Test
  void failedCommit_isSurfacedByFlush_keptPending_andRetriedWithTheNextBatch() {
    delegate.failWrites(true);
    store.writePulledRecordDeferred(richRecord("sha256:a", T0));

    assertThatThrownBy(store::flush).isInstanceOf(StoreException.class);
    assertThat(store.pulledRecord("sha256:a")).isPresent();
    assertThat(delegate.inner.pulledRecord("sha256:a")).isEmpty();
    assertThat(delegate.failedBatches.get()).isPositive();

    delegate.failWrites(false);
    store.writePulledRecordDeferred(richRecord("sha256:b", T0));
    store.flush();

    assertThat(delegate.batches)
        .containsExactly(List.of(richRecord("sha256:a", T0), richRecord("sha256:b", T0)));
  }

  @Test
  void synchronousWrite_whoseCommitFails_throwsAndStaysPending() {
    delegate.failWrites(true);

    assertThatThrownBy(() -> store.writePulledRecord(richRecord("sha256:a", T0)))
        .isInstanceOf(StoreException.class);
    assertThat(store.pulledRecord("sha256:a")).isPresent();

    delegate.failWrites(false);
    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:a")).isPresent();
  }

  @Test
  void listingAndCount_includePendingWritesAndDeletes() {
    store.writePulledRecord(richRecord("sha256:b", T0));
    store.writePulledRecord(richRecord("sha256:c", T0));
    delegate.failWrites(true);
    store.writePulledRecordDeferred(richRecord("sha256:a", T0));
    assertThatThrownBy(() -> store.deletePulledRecord("sha256:b"))
        .isInstanceOf(StoreException.class);

    assertThat(store.pulledRecords())
        .containsExactlyInAnyOrder(richRecord("sha256:a", T0), richRecord("sha256:c", T0));
    assertThat(store.pulledRecordCount()).isEqualTo(2);

    delegate.failWrites(false);
    store.flush();
    assertThat(delegate.inner.pulledRecords())
        .containsExactlyInAnyOrder(richRecord("sha256:a", T0), richRecord("sha256:c", T0));
  }

  @Test
  void fullQueue_blocksDeferredWritesUntilTheWriterMakesRoom() throws Exception {
    store.close();
    delegate.inner.reopen();
    store = new WriteBehindPullRecordStore(delegate, 4, 2, Thread::new);
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:r0", T0));
    for (int i = 1; i <= 4; i++) {
      store.writePulledRecordDeferred(richRecord("sha256:r" + i, T0));
    }
    Background<Void> blocked =
        Background.run(() -> store.writePulledRecordDeferred(richRecord("sha256:r5", T0)))
            .awaitParkedOrDone();
    assertThat(blocked.isDone()).isFalse();

    hold.release();
    blocked.join();
    store.flush();

    assertThat(delegate.inner.pulledRecordCount()).isEqualTo(6);
  }

  @Test
  void close_commitsEveryPendingWriteThenClosesTheDelegate() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:a", T0));
    store.writePulledRecordDeferred(richRecord("sha256:b", T0));
    Background<Void> close = Background.run(store::close).awaitParkedOrDone();
    assertThat(close.isDone()).isFalse();

    hold.release();
    close.join();

    assertThatThrownBy(() -> delegate.inner.pulledRecordCount()).isInstanceOf(StoreException.class);
    assertThat(delegate.inner.reopen().pulledRecordCount()).isEqualTo(2);
  }

  @Test
  void close_whoseFinalCommitFails_throwsKeepsTheRecordsAndCanBeRepeated() {
    delegate.failWrites(true);
    store.writePulledRecordDeferred(richRecord("sha256:a", T0));

    assertThatThrownBy(store::close).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.pulledRecord("sha256:a")).isInstanceOf(StoreException.class);
    assertThat(delegate.inner.pulledRecordCount()).isZero();

    delegate.failWrites(false);
    store.close();
    assertThat(delegate.inner.reopen().pulledRecord("sha256:a")).isPresent();
  }
}
