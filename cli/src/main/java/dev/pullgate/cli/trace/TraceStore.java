package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import dev.pullgate.store.PullRecordStore;

/**
 * Where a replay keeps its records: the seam between the replayer and the kinds of store. The
 * replayer opens the store once for the engine, and at each {@code restart} closes the engine
 * (which closes the store) and reopens the store, which must still hold every record written
 * before.
 */
public interface TraceStore extends AutoCloseable {

  /** Opens the store for the first engine of the replay, tuned by the trace's {@code config}. */
  PullRecordStore open(PullGateConfig config);

  /** Opens the store again after the engine that had it closed it. */
  PullRecordStore reopen(PullGateConfig config);

  /** Releases what the store left behind after the replay (a temporary directory, say). */
  @Override
  default void close() {}
}
