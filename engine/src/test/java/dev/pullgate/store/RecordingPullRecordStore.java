package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test store over {@link InMemoryPullRecordStore} that records the calls it receives, holds a
 * read or a batch commit at a {@link Hold} until the test releases it, and fails writes on demand.
 */
final class RecordingPullRecordStore implements PullRecordStore {
  /** How long a held call waits for its release before the test counts as hung. */
  static final long HANG_GUARD_SECONDS = 10;

  final InMemoryPullRecordStore inner = new InMemoryPullRecordStore();
  final AtomicInteger recordReads = new AtomicInteger();
  final AtomicInteger intentReads = new AtomicInteger();
  final AtomicInteger singleWrites = new AtomicInteger();
  final List<List<PulledRecord>> batches = new CopyOnWriteArrayList<>();
  final AtomicInteger failedBatches = new AtomicInteger();
  private final AtomicReference<Hold> nextRead = new AtomicReference<>();
  private final AtomicReference<Hold> nextBatch = new AtomicReference<>();
  private volatile boolean failWrites;
  private volatile boolean failAfterApplying;

  /** A point where one call stops until the test releases it. */
  static final class Hold {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Waits until the held call has reached the hold. */
    void awaitReached() throws InterruptedException {
      if (!reached.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the held call never arrived");
      }
    }

    void release() {
      released.countDown();
    }

    private void pass() {
      reached.countDown();
      try {
        if (!released.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("the test never released a held call");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Holds the next pulled-record read after it has read its value, before it returns it. */
  Hold holdNextRead() {
    Hold hold = new Hold();
    nextRead.set(hold);
    return hold;
  }

  /** Holds the next batch write before it applies anything. */
  Hold holdNextBatch() {
    Hold hold = new Hold();
    nextBatch.set(hold);
    return hold;
  }

  /** Makes writes throw {@link StoreException} before they change anything, while true. */
  void failWrites(boolean fail) {
    failWrites = fail;
  }

  /** Makes single-record writes apply their change and then throw, while true. */
  void failAfterApplying(boolean fail) {
    failAfterApplying = fail;
  }

  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    recordReads.incrementAndGet();
    Optional<PulledRecord> value = inner.pulledRecord(imageRef);
    Hold hold = nextRead.getAndSet(null);
    if (hold != null) {
      hold.pass();
    }
    return value;
  }

  @Override
  public void writePulledRecord(PulledRecord record) {
    singleWrites.incrementAndGet();
    checkWritable();
    inner.writePulledRecord(record);
    if (failAfterApplying) {
      throw new StoreException("injected failure after applying the write");
    }
  }

  @Override
  public void writePulledRecords(Collection<PulledRecord> records) {
    Hold hold = nextBatch.getAndSet(null);
    if (hold != null) {
      hold.pass();
    }
    if (failWrites) {
      failedBatches.incrementAndGet();
      throw new StoreException("injected batch write failure");
    }
    batches.add(List.copyOf(records));
    records.forEach(inner::writePulledRecord);
  }

  @Override
  public boolean deletePulledRecord(String imageRef) {
    checkWritable();
    return inner.deletePulledRecord(imageRef);
  }

  @Override
  public List<PulledRecord> pulledRecords() {
    return inner.pulledRecords();
  }

  @Override
  public boolean pullIntentExists(String image) {
    intentReads.incrementAndGet();
    return inner.pullIntentExists(image);
  }

  @Override
  public void writePullIntent(PullIntent intent) {
    checkWritable();
    inner.writePullIntent(intent);
  }

  @Override
  public boolean deletePullIntent(String image) {
    checkWritable();
    return inner.deletePullIntent(image);
  }

  @Override
  public List<PullIntent> pullIntents() {
    return inner.pullIntents();
  }

  @Override
  public long pulledRecordCount() {
    return inner.pulledRecordCount();
  }

  @Override
  public long pullIntentCount() {
    return inner.pullIntentCount();
  }

  @Override
  public void close() {
    inner.close();
  }

  private void checkWritable() {
    if (failWrites) {
      throw new StoreException("injected write failure");
    }
  }
}
