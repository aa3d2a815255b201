package dev.pullgate.store;

/**
 * The store contract against the engine's composition, a cache over write-behind, here over the
 * in-memory store, with bounds small enough that the suite also evicts.
 */
class CachedWriteBehindStoreContractTest extends PullRecordStoreContract {
  private InMemoryPullRecordStore inner;

  @Override
  protected PullRecordStore openStore() {
    inner = new InMemoryPullRecordStore();
    return compose(inner);
  }

  @Override
  protected PullRecordStore reopenStore(PullRecordStore closed) {
    closed.close();
    return compose(inner.reopen());
  }

  private static PullRecordStore compose(PullRecordStore store) {
    return new CachingPullRecordStore(new WriteBehindPullRecordStore(store), 16, 16, Runnable::run);
  }
}
