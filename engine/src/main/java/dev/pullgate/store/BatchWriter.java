package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Lock;

/**
 * The single writer behind a {@link WriteBehindPullRecordStore}: takes queued updates and barriers
 * in order, coalesces their changes by key (latest wins) and commits each batch to the delegate
 * with one {@code write}, one transaction.
 *
 * <p>An update is one queue item, so its changes always land in the same commit. A change leaves
 * its pending map only after its commit, and only if no newer change for its key replaced it
 * meanwhile. A failed commit keeps its changes, pending and visible to reads, and retries them with
 * the next batch; barriers in a batch complete with the batch's outcome. So a successful commit
 * always covers every change drained before it, which is what barriers promise.
 */
final class BatchWriter implements Runnable {
  private static final System.Logger LOG =
      System.getLogger(WriteBehindPullRecordStore.class.getName());

  private final PullRecordStore delegate;
  private final PendingChanges pending;
  private final BlockingQueue<Object> queue;
  private final Lock commitLock;
  private final int maxBatch;
  private final Map<String, PendingWrite> uncommitted = new LinkedHashMap<>();
  private boolean failing;

  BatchWriter(
      PullRecordStore delegate,
      PendingChanges pending,
      BlockingQueue<Object> queue,
      Lock commitLock,
      int maxBatch) {
    this.delegate = delegate;
    this.pending = pending;
    this.queue = queue;
    this.commitLock = commitLock;
    this.maxBatch = maxBatch;
  }

  /** Runs batches until a stopping barrier completes; interrupts do not stop it, close() does. */
  @Override
  public void run() {
    List<Object> drained = new ArrayList<>();
    boolean stopped = false;
    while (!stopped) {
      try {
        drained.add(queue.take());
      } catch (InterruptedException e) {
        continue;
      }
      queue.drainTo(drained, maxBatch - 1);
      stopped = process(drained);
      drained.clear();
    }
  }

  /** Commits one drained batch and settles its barriers; returns whether the writer must stop. */
  private boolean process(List<Object> drained) {
    List<CommitBarrier> barriers = new ArrayList<>();
    for (Object item : drained) {
      if (item instanceof QueuedUpdate update) {
        for (PendingWrite write : update.writes()) {
          coalesce(write);
        }
      } else {
        barriers.add((CommitBarrier) item);
      }
    }
    Throwable failure = commit();
    boolean stop = false;
    for (CommitBarrier barrier : barriers) {
      if (failure == null) {
        barrier.committed().complete(null);
        stop |= barrier.stopsWriter();
      } else {
        barrier.committed().completeExceptionally(failure);
      }
    }
    return stop;
  }

  private void coalesce(PendingWrite write) {
    String slot = (write.change().isRecord() ? "r:" : "i:") + write.key();
    PendingWrite older = uncommitted.remove(slot);
    uncommitted.put(slot, write);
    if (older != null) {
      // Only callers that race on one key can leave the older change visible; make the visible
      // change the one that will be committed.
      pending.replace(write, older);
    }
  }

  /** Commits every uncommitted change in one update; returns null on success, else the failure. */
  private Throwable commit() {
    if (uncommitted.isEmpty()) {
      return null;
    }
    List<PullRecordStore.Change> changes = new ArrayList<>(uncommitted.size());
    for (PendingWrite write : uncommitted.values()) {
      changes.add(write.change());
    }
    commitLock.lock();
    try {
      delegate.write(PullRecordStore.Update.of(changes));
      for (PendingWrite write : uncommitted.values()) {
        pending.remove(write);
      }
    } catch (RuntimeException | Error e) {
      failing = true;
      LOG.log(
          Level.WARNING,
          "write-behind commit of "
              + uncommitted.size()
              + " pending changes failed; they stay pending and are retried with the next batch: "
              + e);
      return e instanceof StoreException ? e : new StoreException("write-behind commit failed", e);
    } finally {
      commitLock.unlock();
    }
    if (failing) {
      failing = false;
      LOG.log(
          Level.INFO,
          "write-behind commit succeeded again; "
              + uncommitted.size()
              + " pending changes committed");
    }
    uncommitted.clear();
    return null;
  }
}
