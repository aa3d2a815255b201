package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link PullRecordStore} whose deferred pulled-record writes return at once and reach the
 * delegate in batches, committed by one background writer thread it owns: one delegate commit (one
 * sync) for many merges. Intents pass straight through.
 *
 * <p>Implementation notes. Every pulled-record change, deferred or synchronous, store or delete,
 * goes into a pending map (which reads consult before the delegate) and then into one FIFO queue
 * that only the writer drains ({@code BatchWriter}). Because there is one writer committing in
 * queue order, a later change to an imageRef is never overwritten by an older one: a synchronous
 * write or delete is simply a queued change followed by a {@code CommitBarrier} its caller waits
 * for (group commit). {@link #flush()} is a barrier too. A failed commit keeps its changes pending
 * and retries them with the next batch (the next write, flush or close); barriers waiting on it
 * throw {@link StoreException}, and {@link #close()} then leaves the delegate open so that a later
 * {@code close()} can still commit them. Nothing pending is dropped silently. Because a failed
 * batch is retried whole, a change that no commit could ever store would fail every later one; so
 * each record is checked with the delegate's {@link PullRecordStore#requireStorable} before it is
 * accepted, and such a record fails its own call only.
 *
 * <p>The queue holds at most {@code maxPending} changes; a writer that finds it full blocks until
 * the background writer has drained a batch. The background writer survives every failure of a
 * commit; only an error outside one (out of memory) could end it, and then callers waiting for a
 * commit would wait for good: accepted, since the JVM is failing then anyway. Listings and counts
 * take the commit lock so that they never see a change neither pending nor yet in the delegate.
 *
 * <p>The engine composes it under the cache, {@code Caching(WriteBehind(LMDB))}: the cache's
 * per-key compute calls {@link #writePulledRecordDeferred}, which returns without waiting for a
 * commit, so a decision's merge never waits for a sync.
 */
public final class WriteBehindPullRecordStore implements PullRecordStore {
  /** How many changes may wait in the queue before writers block. */
  public static final int DEFAULT_MAX_PENDING = 100_000;

  /** How many queued changes the writer takes into one commit at most. */
  public static final int DEFAULT_MAX_BATCH = 1_000;

  private final PullRecordStore delegate;
  private final ConcurrentMap<String, PendingWrite> pending = new ConcurrentHashMap<>();
  private final BlockingQueue<Object> queue;
  private final Lock commitLock = new ReentrantLock();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Object closeMonitor = new Object();
  private final Thread writer;
  private volatile boolean closed;
  private CommitBarrier stopBarrier; // guarded by closeMonitor
  private boolean delegateClosed; // guarded by closeMonitor

  /** Write-behind over {@code delegate} with the default bounds and a daemon writer thread. */
  public WriteBehindPullRecordStore(PullRecordStore delegate) {
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
   * Write-behind over {@code delegate}, queueing at most {@code maxPending} changes, committing at
   * most {@code maxBatch} queued changes at once, on a thread made by {@code threadFactory}.
   */
  public WriteBehindPullRecordStore(
      PullRecordStore delegate, int maxPending, int maxBatch, ThreadFactory threadFactory) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be positive, was " + maxPending);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, was " + maxBatch);
    }
    Objects.requireNonNull(threadFactory, "threadFactory");
    this.queue = new LinkedBlockingQueue<>(maxPending);
    this.writer =
        threadFactory.newThread(new BatchWriter(delegate, pending, queue, commitLock, maxBatch));
    writer.start();
  }

  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    ensureOpen();
    PendingWrite write = pending.get(imageRef);
    return write != null ? write.value() : delegate.pulledRecord(imageRef);
  }

  /** Queues {@code record} and returns; reads see it at once, the commit follows in a batch. */
  @Override
  public void writePulledRecordDeferred(PulledRecord record) {
    delegate.requireStorable(record);
    enqueue(List.of(PendingWrite.store(record)), false);
  }

  /** Queues {@code record} behind every earlier change and waits for its batch's commit. */
  @Override
  public void writePulledRecord(PulledRecord record) {
    delegate.requireStorable(record);
    await(enqueue(List.of(PendingWrite.store(record)), true));
  }

  @Override
  public void writePulledRecords(Collection<PulledRecord> records) {
    List<PendingWrite> writes = new ArrayList<>(records.size());
    for (PulledRecord record : records) {
      delegate.requireStorable(record);
      writes.add(PendingWrite.store(record));
    }
    await(enqueue(writes, true));
  }

  @Override
  public void requireStorable(PulledRecord record) {
    delegate.requireStorable(record);
  }

  @Override
  public boolean deletePulledRecord(String imageRef) {
    ensureOpen();
    boolean existed = exists(imageRef);
    await(enqueue(List.of(PendingWrite.delete(imageRef)), true));
    return existed;
  }

  @Override
  public int deletePulledRecords(Collection<String> imageRefs) {
    ensureOpen();
    List<PendingWrite> deletes = new ArrayList<>(imageRefs.size());
    int existed = 0;
    for (String imageRef : imageRefs) {
      existed += exists(imageRef) ? 1 : 0;
      deletes.add(PendingWrite.delete(imageRef));
    }
    await(enqueue(deletes, true));
    return existed;
  }

  @Override
  public List<PulledRecord> pulledRecords() {
    ensureOpen();
    commitLock.lock();
    try {
      Map<String, PulledRecord> byImageRef = new HashMap<>();
      delegate.pulledRecords().forEach(record -> byImageRef.put(record.imageRef(), record));
      for (PendingWrite write : pending.values()) {
        write
            .value()
            .ifPresentOrElse(
                record -> byImageRef.put(record.imageRef(), record),
                () -> byImageRef.remove(write.imageRef()));
      }
      return List.copyOf(byImageRef.values());
    } finally {
      commitLock.unlock();
    }
  }

  @Override
  public long pulledRecordCount() {
    ensureOpen();
    commitLock.lock();
    try {
      long count = delegate.pulledRecordCount();
      for (PendingWrite write : pending.values()) {
        boolean committed = existsInDelegate(write.imageRef());
        if (!write.isDeletion() && !committed) {
          count++;
        } else if (write.isDeletion() && committed) {
          count--;
        }
      }
      return count;
    } finally {
      commitLock.unlock();
    }
  }

  @Override
  public boolean pullIntentExists(String image) {
    ensureOpen();
    return delegate.pullIntentExists(image);
  }

  @Override
  public void writePullIntent(PullIntent intent) {
    ensureOpen();
    delegate.writePullIntent(intent);
  }

  @Override
  public boolean deletePullIntent(String image) {
    ensureOpen();
    return delegate.deletePullIntent(image);
  }

  @Override
  public List<PullIntent> pullIntents() {
    ensureOpen();
    return delegate.pullIntents();
  }

  @Override
  public long pullIntentCount() {
    ensureOpen();
    return delegate.pullIntentCount();
  }

  @Override
  public CacheStatistics cacheStatistics() {
    return delegate.cacheStatistics();
  }

  /**
   * Waits until every change queued before this call is committed.
   *
   * @throws StoreException when they could not be committed; they stay pending
   */
  @Override
  public void flush() {
    ensureOpen();
    // A change leaves the pending map only after its commit, so with none pending every earlier
    // change is durable already, and the round trip through the writer can be skipped.
    if (pending.isEmpty()) {
      return;
    }
    await(enqueue(List.of(), true));
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
      delegate.close();
    }
  }

  /** Makes the changes visible, queues them (and a barrier when asked) in one go. */
  private CommitBarrier enqueue(List<PendingWrite> writes, boolean barrier) {
    gate.readLock().lock();
    try {
      ensureOpen();
      for (PendingWrite write : writes) {
        pending.put(write.imageRef(), write);
        putUninterruptibly(write);
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

  /** Queues {@code op}; a full queue empties as the writer commits, so this wait is bounded. */
  private void putUninterruptibly(Object op) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          queue.put(op);
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
          "pending records could not be committed; they stay pending and are retried",
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

  /** Whether a read of {@code imageRef} would find a record now. */
  private boolean exists(String imageRef) {
    PendingWrite write = pending.get(imageRef);
    return write != null ? !write.isDeletion() : existsInDelegate(imageRef);
  }

  /** Whether the delegate holds a record there; a value it cannot read counts as one. */
  private boolean existsInDelegate(String imageRef) {
    try {
      return delegate.pulledRecord(imageRef).isPresent();
    } catch (StoreException e) {
      return true;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("store is closed");
    }
  }
}
