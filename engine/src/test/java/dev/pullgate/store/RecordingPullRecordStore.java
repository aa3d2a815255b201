package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test store over an in-memory store that records the calls it receives, holds a read or a write
 * at a {@link Hold} until the test releases it, and fails writes on demand.
 */
final class RecordingPullRecordStore extends ForwardingPullRecordStore {
  /** How long a held call waits for its release before the test counts as hung. */
  static final long HANG_GUARD_SECONDS = 10;

  final PullRecordStore inner;
  final AtomicInteger recordReads = new AtomicInteger();
  final AtomicInteger intentReads = new AtomicInteger();
  final List<Update> updates = new CopyOnWriteArrayList<>();
  final AtomicInteger failedUpdates = new AtomicInteger();
  private final AtomicReference<Hold> nextRead = new AtomicReference<>();
  private final AtomicReference<Hold> nextWrite = new AtomicReference<>();
  private volatile boolean failWrites;
  private volatile boolean failAfterApplying;

  RecordingPullRecordStore() {
    this(new InMemoryPullRecordStore());
  }

  private RecordingPullRecordStore(PullRecordStore inner) {
    super(inner);
    this.inner = inner;
  }

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

  /** Holds the next record read after it has read its value, before it returns it. */
  Hold holdNextRead() {
    Hold hold = new Hold();
    nextRead.set(hold);
    return hold;
  }

  /** Holds the next write before it applies anything. */
  Hold holdNextWrite() {
    Hold hold = new Hold();
    nextWrite.set(hold);
    return hold;
  }

  /** Makes writes throw {@link StoreException} before they change anything, while true. */
  void failWrites(boolean fail) {
    failWrites = fail;
  }

  /** Makes writes apply their changes and then throw, while true. */
  void failAfterApplying(boolean fail) {
    failAfterApplying = fail;
  }

  /** How many record changes the writes so far held. */
  int recordChangesWritten() {
    return updates.stream()
        .mapToInt(u -> (int) u.changes().stream().filter(Change::isRecord).count())
        .sum();
  }

  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    recordReads.incrementAndGet();
    return inner.readRecord(
        imageRef,
        context,
        (c, stored, inPlace) -> {
          R value = reader.read(c, stored, inPlace);
          Hold hold = nextRead.getAndSet(null);
          if (hold != null) {
            hold.pass();
          }
          return value;
        });
  }

  @Override
  public boolean pullIntentExists(String reference) {
    intentReads.incrementAndGet();
    return inner.pullIntentExists(reference);
  }

  @Override
  public void write(Update update) {
    Hold hold = nextWrite.getAndSet(null);
    if (hold != null) {
      hold.pass();
    }
    if (failWrites) {
      failedUpdates.incrementAndGet();
      throw new StoreException("injected write failure");
    }
    updates.add(update);
    inner.write(update);
    if (failAfterApplying) {
      throw new StoreException("injected failure after applying the write");
    }
  }

  @Override
  public void writeDeferred(Update update) {
    write(update);
  }
}
