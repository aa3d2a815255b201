package dev.pullgate.store;

/**
 * The store contract against a cache over the in-memory store, with bounds small enough that the
 * suite also evicts.
 */
class CachedInMemoryStoreContractTest extends PullRecordStoreContract {
  private InMemoryPullRecordStore inner;

  @Override
  protected PullRecordStore openStore() {
    inner = new InMemoryPullRecordStore();
    return new CachingPullRecordStore(inner, 16, 16, Runnable::run);
  }

  @Override
  protected PullRecordStore reopenStore(PullRecordStore closed) {
    closed.close();
    return new CachingPullRecordStore(inner.reopen(), 16, 16, Runnable::run);
  }
}
