package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import dev.pullgate.store.InMemoryPullRecordStore;
import dev.pullgate.store.PullRecordStore;

/**
 * A replay store that keeps records in memory: a restart closes the store and reopens the same
 * instance, so records and intents survive while everything else in the engine is rebuilt.
 */
public final class InMemoryTraceStore implements TraceStore {
  private InMemoryPullRecordStore store;

  @Override
  public PullRecordStore open(PullGateConfig config) {
    if (store != null) {
      throw new IllegalStateException("the store is already open; use reopen()");
    }
    store = new InMemoryPullRecordStore();
    return store;
  }

  @Override
  public PullRecordStore reopen(PullGateConfig config) {
    if (store == null) {
      throw new IllegalStateException("the store was never opened");
    }
    return store.reopen();
  }
}
