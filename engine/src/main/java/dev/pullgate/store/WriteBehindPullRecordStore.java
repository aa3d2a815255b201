package dev.pullgate.store;

import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A store whose updates reach the delegate through one background writer thread that commits them
 * in batches, one transaction each: deferred updates return at once, and durable ones wait for the
 * commit of the batch they joined, so concurrent callers share commits (group commit).
 *
 * <p>Implementation notes. Every update, deferred or durable, first makes its changes visible in
 * the pending maps (which reads consult before the delegate) and then joins one FIFO queue that
 * only the writer drains ({@link BatchWriter}). With one writer committing in queue order, a later
 * change to a key is never overwritten by an older one: a durable write is simply a queued update
 * followed by a {@link CommitBarrier} its caller waits for. {@link #flush()} is a barrier too. A
 * failed commit keeps its changes pending and retries them with the next batch; barriers waiting on
 * it throw {@link StoreException}, and {@link #close()} then leaves the delegate open so that a
 * later {@code close()} can still commit them. Nothing pending is dropped silently. Updates encode
 * their records when they are built, so no change can be accepted here that no commit could store.
 *
 * <p>The queue holds at most {@code maxPending} updates; a writer that finds it full blocks until
 * the background writer has drained a batch. The background writer survives every failure of a
 * commit; only an error outside one (out of memory) could end it. Listings and counts take the
 * commit lock so that they never see a change neither pending nor yet in the delegate.
 */
final class WriteBehindPullRecordStore extends ForwardingPullRecordStore {
  /** How many updates may wait in the queue before writers block. */
  static final int DEFAULT_MAX_PENDING = 100_000;

  /** How many queued updates the writer takes into one commit at most. */
  static final int DEFAULT_MAX_BATCH = 1_000;

  private final PendingChanges pending = new PendingChanges();
  private final BlockingQueue<Object> queue;
  private final Lock commitLock = new ReentrantLock();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Object closeMonitor = new Object();
  private final Thread writer;
  private volatile boolean closed;
  private CommitBarrier stopBarrier; // guarded by closeMonitor
  private boolean delegateClosed; // guarded by closeMonitor

  /** Write-behind over {@code delegate} with the default bounds and a daemon writer thread. */
  WriteBehindPullRecordStore(PullRecordStore delegate) {
    this(
        delegate,
        DEFAULT_MAX_PENDING,
        DEFAULT_MAX_BATCH,
        task -> {
          Thread thread = new Thread(task, "pullgate-write-behind");
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Write-behind over {@code delegate}, queueing at most {@code maxPending} updates, committing at
   * most {@code maxBatch} queued items at once, on a thread made by {@code threadFactory}.
   */
  WriteBehindPullRecordStore(
      PullRecordStore delegate, int maxPending, int maxBatch, ThreadFactory threadFactory) {
    super(delegate);
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be positive, was " + maxPending);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, was " + maxBatch);
    }
    this.queue = new LinkedBlockingQueue<>(maxPending);
    this.writer =
        threadFactory.newThread(new BatchWriter(delegate, pending, queue, commitLock, maxBatch));
    writer.start();
  }

  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    ensureOpen();
    PendingWrite write = pending.record(imageRef);
    return write != null
        ? reader.read(context, write.stored(), false)
        : delegate().readRecord(imageRef, context, reader);
  }

  @Override
  public boolean pullIntentExists(String reference) {
    ensureOpen();
    PendingWrite write = pending.intent(reference);
    return write != null ? write.isPut() : delegate().pullIntentExists(reference);
  }

  /** Queues {@code update} and returns; reads see it at once, the commit follows in a batch. */
  @Override
  public void writeDeferred(Update update) {
    enqueue(update, false);
  }

  /** Queues {@code update} behind every earlier one and waits for its batch's commit. */
  @Override
  public void write(Update update) {
    await(enqueue(update, true));
  }

  @Override
  public void forEachRecord(Consumer<PulledRecord> visitor) {
    ensureOpen();
    commitLock.lock();
    try {
      Map<String, PendingWrite> changed = new HashMap<>();
      pending.records().forEach(write -> changed.put(write.key(), write));
      delegate()
          .forEachRecord(
              record -> {
                if (!changed.containsKey(record.imageRef())) {
                  visitor.accept(record);
                }
              });
      for (PendingWrite write : changed.values()) {
        if (write.isPut()) {
          visitor.accept(RecordFormat.decode(write.stored()));
        }
      }
    } finally {
      commitLock.unlock();
    }
  }

  @Override
  public List<String> pullIntents() {
    ensureOpen();
    commitLock.lock();
    try {
      Set<String> all = new HashSet<>(delegate().pullIntents());
      for (PendingWrite write : pending.intents()) {
        if (write.isPut()) {
          all.add(write.key());
        } else {
          all.remove(write.key());
        }
      }
      return List.copyOf(all);
    } finally {
      commitLock.unlock();
    }
  }

  @Override
  public long pulledRecordCount() {
    ensureOpen();
    commitLock.lock();
    try {
      long count = delegate().pulledRecordCount();
      for (PendingWrite write : pending.records()) {
        boolean committed = existsInDelegate(write.key());
        count += write.isPut() && !committed ? 1 : !write.isPut() && committed ? -1 : 0;
      }
      return count;
    } finally {
      commitLock.unlock();
    }
  }

  @Override
  public long pullIntentCount() {
    return pullIntents().size();
  }

  @Override
  public Set<String> imageRefsWith(IndexTerm term, String value) {
    ensureOpen();
    commitLock.lock();
    try {
      Set<String> found = new HashSet<>(delegate().imageRefsWith(term, value));
      for (PendingWrite write : pending.records()) {
        boolean holds =
            write.isPut()
                && term.of(RecordFormat.indexTerms(RecordFormat.decode(write.stored())))
                    .contains(value);
        if (holds) {
          found.add(write.key());
        } else {
          found.remove(write.key());
        }
      }
      return found;
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * Waits until every update queued before this call is committed.
   *
   * @throws StoreException when they could not be committed; they stay pending
   */
  @Override
  public void flush() {
    ensureOpen();
    // A change leaves the pending maps only after its commit, so with none pending every earlier
    // change is durable already, and the round trip through the writer can be skipped.
    if (pending.isEmpty()) {
      return;
    }
    await(enqueue(null, true));
  }

  /**
   * Refuses new calls, commits every pending change, stops the writer and closes the delegate. When
   * the final commit fails it throws {@link StoreException}, keeps the changes pending and the
   * delegate open, and a later {@code close()} tries again.
   */
  @Override
  public void close() {
    synchronized (closeMonitor) {
      if (delegateClosed) {
        return;
      }
      gate.writeLock().lock();
      try {
        closed = true;
      } finally {
        gate.writeLock().unlock();
      }
      // A barrier still pending from an interrupted close() is awaited again, not duplicated: the
      // writer stops after it and would never take a second one.
      if (stopBarrier == null || stopBarrier.committed().isCompletedExceptionally()) {
        stopBarrier = new CommitBarrier(true);
        putUninterruptibly(stopBarrier);
      }
      await(stopBarrier);
      joinWriter();
      delegateClosed = true;
      delegate().close();
    }
  }

  /** Makes the changes visible, queues them (and a barrier when asked) in one go. */
  private CommitBarrier enqueue(Update update, boolean barrier) {
    gate.readLock().lock();
    try {
      ensureOpen();
      if (update != null && !update.isEmpty()) {
        List<PendingWrite> writes = new ArrayList<>(update.changes().size());
        for (Change change : update.changes()) {
          PendingWrite write = new PendingWrite(change);
          pending.put(write);
          writes.add(write);
        }
        putUninterruptibly(new QueuedUpdate(writes));
      }
      if (!barrier) {
        return null;
      }
      CommitBarrier commitBarrier = new CommitBarrier(false);
      putUninterruptibly(commitBarrier);
      return commitBarrier;
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Queues {@code item}; a full queue empties as the writer commits, so this wait is bounded. */
  private void putUninterruptibly(Object item) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          queue.put(item);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void await(CommitBarrier barrier) {
    try {
      barrier.committed().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a commit; the changes stay pending");
    } catch (ExecutionException e) {
      throw new StoreException(
          "pending changes could not be committed; they stay pending and are retried",
          e.getCause());
    }
  }

  private void joinWriter() {
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the delegate holds a record there; a value it cannot read counts as one. */
  private boolean existsInDelegate(String imageRef) {
    try {
      return delegate().readRecord(imageRef, null, (c, stored, inPlace) -> stored != null);
    } catch (StoreException e) {
      return !(e instanceof StoreClosedException);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException();
    }
  }
}
