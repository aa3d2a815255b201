package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The read transactions of one environment: one kept per reading thread, reset between reads and
 * renewed for the next, so a read costs no transaction begin; and one-shot transactions for threads
 * beyond the limit.
 *
 * <p>Every method runs while the caller holds the environment's lock (shared for {@link #acquire}
 * and {@link #release}, exclusive for {@link #closeAll}).
 *
 * <p>Implementation notes. Each kept transaction holds a slot of LMDB's reader table, shared with
 * other processes, so at most {@code maxReaders} minus a reserve are kept; the reserve serves
 * one-shot reads and the operator CLI. The transaction of a thread that has died is closed when the
 * next new thread arrives, which frees its slot for that thread. lmdbjava 0.9.3 skips the native
 * abort when it closes a transaction in the reset state, which with {@code MDB_NOTLS} leaks the
 * slot for good; so a kept transaction is always renewed before it is closed.
 */
final class ReadTxnPool {
  /** How many reads a thread refused a kept transaction does one-shot before it asks again. */
  private static final int RETRY_AFTER_READS = 1024;

  private final Env<ByteBuffer> env;
  private final int maxKept;
  private final ThreadLocal<ReadTxn> local = new ThreadLocal<>();
  private final List<ReadTxn> kept = new ArrayList<>();

  ReadTxnPool(Env<ByteBuffer> env, int maxReaders) {
    this.env = env;
    this.maxKept = Math.max(0, maxReaders - Math.max(1, Math.min(16, maxReaders / 2)));
  }

  /** A ready read transaction for this thread; give it back with {@link #release}. */
  ReadTxn acquire() {
    ReadTxn mine = local.get();
    if (mine != null && mine.kept) {
      renew(mine.txn);
      return mine;
    }
    if (mine == null || --mine.readsBeforeRetry <= 0) {
      ReadTxn fresh = keepNew();
      if (fresh != null) {
        return fresh;
      }
    }
    return new ReadTxn(env.txnRead(), false);
  }

  /** Ends the read: a kept transaction is reset for this thread's next read, a one-shot closed. */
  void release(ReadTxn read) {
    if (read.kept) {
      read.txn.reset();
    } else {
      read.txn.close();
    }
  }

  /** Closes every kept transaction, freeing their reader slots, before the environment closes. */
  synchronized void closeAll() {
    for (ReadTxn read : kept) {
      closeKept(read);
    }
    kept.clear();
  }

  /** How many transactions are kept now. */
  synchronized int keptCount() {
    return kept.size();
  }

  private synchronized ReadTxn keepNew() {
    closeThoseOfDeadThreads();
    if (kept.size() >= maxKept) {
      ReadTxn refused = new ReadTxn(null, false);
      refused.readsBeforeRetry = RETRY_AFTER_READS;
      local.set(refused);
      return null;
    }
    ReadTxn read = new ReadTxn(env.txnRead(), true);
    read.owner = Thread.currentThread();
    kept.add(read);
    local.set(read);
    return read;
  }

  private void closeThoseOfDeadThreads() {
    for (Iterator<ReadTxn> it = kept.iterator(); it.hasNext(); ) {
      ReadTxn read = it.next();
      if (!read.owner.isAlive()) {
        it.remove();
        closeKept(read);
      }
    }
  }

  /** Closes a kept transaction, which is in the reset state: renew first, so close aborts it. */
  private static void closeKept(ReadTxn read) {
    try {
      read.txn.renew();
    } catch (LmdbException e) {
      // The map moved under a read-only environment: the slot stays taken until the
      // environment closes, which clears every slot of this process.
    }
    read.txn.close();
    read.kept = false;
  }

  private static void renew(Txn<ByteBuffer> txn) {
    try {
      txn.renew();
    } catch (LmdbException e) {
      // A failed renew leaves lmdbjava's state "done" while LMDB's is reset; reset again so the
      // next renew, after the caller has handled the failure, can succeed.
      try {
        txn.reset();
      } catch (LmdbException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /** A read transaction and whether it is kept for its thread. */
  static final class ReadTxn {
    private final Txn<ByteBuffer> txn;
    private boolean kept;
    private Thread owner;
    private int readsBeforeRetry;

    private ReadTxn(Txn<ByteBuffer> txn, boolean kept) {
      this.txn = txn;
      this.kept = kept;
    }

    Txn<ByteBuffer> txn() {
      return txn;
    }
  }
}
