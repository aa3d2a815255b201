package dev.pullgate.store;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Write-behind: batching and group commit, coalescing, atomic updates, ordering against durable
 * writes and deletes, flush and close, and failed commits. The delegate holds a commit, before
 * applying it, to keep the writer busy while the test queues more.
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

  private void deferred(PulledRecord record) {
    store.writeDeferred(Update.putRecord(record));
  }

  /** The keys of the changes that commit {@code n} of the delegate applied. */
  private List<String> committedKeys(int n) {
    return delegate.updates.get(n).changes().stream().map(PullRecordStore.Change::key).toList();
  }

  /** Queues {@code first} and returns once the writer is held inside its commit. */
  private RecordingPullRecordStore.Hold holdCommitOf(PulledRecord first) throws Exception {
    RecordingPullRecordStore.Hold hold = delegate.holdNextWrite();
    deferred(first);
    hold.awaitReached();
    return hold;
  }

  @Test
  void deferredUpdates_queuedDuringACommit_areCommittedTogetherInOneTransaction() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:first", T0));
    for (int i = 0; i < 500; i++) {
      deferred(richRecord("sha256:r" + i, T0));
    }
    hold.release();
    store.flush();

    assertThat(delegate.updates).hasSize(2);
    assertThat(committedKeys(0)).hasSize(1);
    assertThat(committedKeys(1)).hasSize(500);
    assertThat(delegate.inner.pulledRecordCount()).isEqualTo(501);
  }

  @Test
  void durableWrites_waitingTogether_shareOneCommit() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:first", T0));
    List<Background<Void>> writers =
        List.of(
            Background.run(() -> store.write(Update.putRecord(richRecord("sha256:w1", T0)))),
            Background.run(() -> store.write(Update.putRecord(richRecord("sha256:w2", T0)))),
            Background.run(() -> store.write(Update.putIntent("docker.io/library/a:1"))));
    for (Background<Void> writer : writers) {
      writer.awaitParkedOrDone();
    }
    hold.release();
    for (Background<Void> writer : writers) {
      writer.join();
    }

    assertThat(delegate.updates).hasSize(2);
    assertThat(committedKeys(1))
        .containsExactlyInAnyOrder("sha256:w1", "sha256:w2", "docker.io/library/a:1");
  }

  @Test
  void update_ofARecordAndAnIntent_isNeverSplitAcrossCommits() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:first", T0));
    store.writeDeferred(Update.putIntent("docker.io/library/nginx:1.25"));
    hold.release();
    store.write(
        Update.builder()
            .putRecord(richRecord("sha256:pulled", T0))
            .deleteIntent("docker.io/library/nginx:1.25")
            .build());

    assertThat(delegate.updates)
        .anySatisfy(
            update ->
                assertThat(update.changes().stream().map(PullRecordStore.Change::key))
                    .contains("sha256:pulled", "docker.io/library/nginx:1.25"));
    assertThat(delegate.inner.pullIntentExists("docker.io/library/nginx:1.25")).isFalse();
  }

  @Test
  void repeatedDeferredUpdates_toOneImageRef_commitOnlyTheLatest() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:other", T0));
    for (int v = 1; v <= 100; v++) {
      deferred(version("sha256:k", v));
      assertThat(store.pulledRecord("sha256:k")).contains(version("sha256:k", v));
    }
    hold.release();
    store.flush();

    assertThat(committedKeys(1)).containsExactly("sha256:k");
    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 100));
  }

  @Test
  void deferredUpdate_duringTheCommitOfAnOlderOne_staysVisibleUntilItsOwnCommit() throws Exception {
    RecordingPullRecordStore.Hold first = holdCommitOf(version("sha256:k", 1));
    deferred(version("sha256:k", 2));
    RecordingPullRecordStore.Hold second = delegate.holdNextWrite();
    first.release();
    second.awaitReached();

    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 1));
    assertThat(store.pulledRecord("sha256:k")).contains(version("sha256:k", 2));

    second.release();
    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 2));
  }

  @Test
  void durableWrite_afterADeferredOne_isNeverOverwrittenByIt() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(version("sha256:k", 1));
    Background<Void> write =
        Background.run(() -> store.write(Update.putRecord(version("sha256:k", 2))))
            .awaitParkedOrDone();
    assertThat(write.isDone()).isFalse();
    assertThat(store.pulledRecord("sha256:k")).contains(version("sha256:k", 2));

    hold.release();
    write.join();

    assertThat(delegate.updates).hasSize(2);
    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(version("sha256:k", 2));
  }

  @Test
  void delete_afterADeferredWrite_isNotUndoneByIt() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(version("sha256:k", 1));
    Background<Void> delete =
        Background.run(() -> store.write(Update.deleteRecord("sha256:k"))).awaitParkedOrDone();
    assertThat(delete.isDone()).isFalse();
    assertThat(store.pulledRecord("sha256:k")).isEmpty();

    hold.release();
    delete.join();

    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:k")).isEmpty();
    assertThat(store.pulledRecord("sha256:k")).isEmpty();
  }

  @Test
  void pendingIntentChanges_areVisibleAtOnce() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:a", T0));
    store.writeDeferred(Update.putIntent("docker.io/library/nginx:1.25"));
    assertThat(store.pullIntentExists("docker.io/library/nginx:1.25")).isTrue();
    assertThat(store.pullIntents()).containsExactly("docker.io/library/nginx:1.25");
    store.writeDeferred(Update.deleteIntent("docker.io/library/nginx:1.25"));
    assertThat(store.pullIntentExists("docker.io/library/nginx:1.25")).isFalse();
    assertThat(store.pullIntentCount()).isZero();

    hold.release();
    store.flush();
    assertThat(delegate.inner.pullIntentExists("docker.io/library/nginx:1.25")).isFalse();
  }

  @Test
  void flush_waitsUntilEveryEarlierDeferredUpdateIsInTheDelegate() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:a", T0));
    deferred(richRecord("sha256:b", T0));
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
    deferred(richRecord("sha256:a", T0));

    assertThatThrownBy(store::flush).isInstanceOf(StoreException.class);
    assertThat(store.pulledRecord("sha256:a")).isPresent();
    assertThat(delegate.inner.pulledRecord("sha256:a")).isEmpty();
    assertThat(delegate.failedUpdates.get()).isPositive();

    delegate.failWrites(false);
    deferred(richRecord("sha256:b", T0));
    store.flush();

    assertThat(delegate.updates).hasSize(1);
    assertThat(committedKeys(0)).containsExactly("sha256:a", "sha256:b");
  }

  @Test
  void durableWrite_whoseCommitFails_throwsAndStaysPending() {
    delegate.failWrites(true);

    assertThatThrownBy(() -> store.write(Update.putRecord(richRecord("sha256:a", T0))))
        .isInstanceOf(StoreException.class);
    assertThat(store.pulledRecord("sha256:a")).isPresent();

    delegate.failWrites(false);
    store.flush();
    assertThat(delegate.inner.pulledRecord("sha256:a")).isPresent();
  }

  @Test
  void listingAndCount_includePendingWritesAndDeletes() {
    store.write(Update.putRecord(richRecord("sha256:b", T0)));
    store.write(Update.putRecord(richRecord("sha256:c", T0)));
    delegate.failWrites(true);
    deferred(richRecord("sha256:a", T0));
    assertThatThrownBy(() -> store.write(Update.deleteRecord("sha256:b")))
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
  void fullQueue_blocksDeferredUpdatesUntilTheWriterMakesRoom() throws Exception {
    store.close();
    ((InMemoryPullRecordStore) delegate.inner).reopen();
    store = new WriteBehindPullRecordStore(delegate, 4, 2, Thread::new);
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:r0", T0));
    for (int i = 1; i <= 4; i++) {
      deferred(richRecord("sha256:r" + i, T0));
    }
    Background<Void> blocked =
        Background.run(() -> deferred(richRecord("sha256:r5", T0))).awaitParkedOrDone();
    assertThat(blocked.isDone()).isFalse();

    hold.release();
    blocked.join();
    store.flush();

    assertThat(delegate.inner.pulledRecordCount()).isEqualTo(6);
  }

  @Test
  void close_commitsEveryPendingUpdateThenClosesTheDelegate() throws Exception {
    RecordingPullRecordStore.Hold hold = holdCommitOf(richRecord("sha256:a", T0));
    deferred(richRecord("sha256:b", T0));
    Background<Void> close = Background.run(store::close).awaitParkedOrDone();
    assertThat(close.isDone()).isFalse();

    hold.release();
    close.join();

    assertThatThrownBy(() -> delegate.inner.pulledRecordCount()).isInstanceOf(StoreException.class);
    assertThat(((InMemoryPullRecordStore) delegate.inner).reopen().pulledRecordCount())
        .isEqualTo(2);
  }

  @Test
  void close_whoseFinalCommitFails_throwsKeepsTheRecordsAndCanBeRepeated() {
    delegate.failWrites(true);
    deferred(richRecord("sha256:a", T0));

    assertThatThrownBy(store::close).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.pulledRecord("sha256:a")).isInstanceOf(StoreException.class);
    assertThat(delegate.inner.pulledRecordCount()).isZero();

    delegate.failWrites(false);
    store.close();
    assertThat(((InMemoryPullRecordStore) delegate.inner).reopen().pulledRecord("sha256:a"))
        .isPresent();
  }
}
