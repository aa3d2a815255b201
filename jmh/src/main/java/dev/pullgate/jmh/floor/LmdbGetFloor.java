package dev.pullgate.jmh.floor;

import dev.pullgate.jmh.fixture.LmdbStores;
import dev.pullgate.jmh.fixture.RawLmdb;
import dev.pullgate.jmh.workload.Probe;
import dev.pullgate.jmh.workload.Workload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link FloorKind#LMDB_GET}: lmdbjava's {@code Dbi.get} of the record's key on the engine's own
 * data file (the built store, opened read-only), in a read transaction that each thread keeps,
 * renews before the lookup and resets after it, as the engine's store does. The keys are encoded
 * once, in direct memory, before measuring. Closing the floor closes every thread's transaction:
 * JMH may tear the shared floor down before another thread's own state.
 */
final class LmdbGetFloor implements Floor {
  private final RawLmdb.Reader reader;
  private final ByteBuffer[] keys;
  private final List<RawLmdb.ReadTxn> txns = new ArrayList<>();

  private LmdbGetFloor(RawLmdb.Reader reader, ByteBuffer[] keys) {
    this.reader = reader;
    this.keys = keys;
  }

  static LmdbGetFloor open(Workload workload, int[] records) {
    ByteBuffer[] keys = new ByteBuffer[workload.records()];
    for (int r : records) {
      keys[r] = RawLmdb.key(workload.imageRef(r));
    }
    return new LmdbGetFloor(RawLmdb.openReader(LmdbStores.built(workload)), keys);
  }

  @Override
  public boolean mustAttemptPull(Probe probe) {
    throw new UnsupportedOperationException("each thread reads through forThread()");
  }

  @Override
  public synchronized Floor forThread() {
    RawLmdb.ReadTxn txn = reader.newTxn();
    txns.add(txn);
    return new ThreadReader(txn, keys);
  }

  /** Closes every thread's transaction, then the environment; the threads are done by then. */
  @Override
  public synchronized void close() {
    try {
      txns.forEach(RawLmdb.ReadTxn::close);
    } finally {
      reader.close();
    }
  }

  /** One thread's reads, in its own reused read transaction. */
  private static final class ThreadReader implements Floor {
    private final RawLmdb.ReadTxn txn;
    private final ByteBuffer[] keys;

    ThreadReader(RawLmdb.ReadTxn txn, ByteBuffer[] keys) {
      this.txn = txn;
      this.keys = keys;
    }

    @Override
    public boolean mustAttemptPull(Probe probe) {
      return !txn.contains(keys[probe.record()]);
    }
  }
}
