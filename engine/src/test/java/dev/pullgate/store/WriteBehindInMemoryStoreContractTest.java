package dev.pullgate.store;

/** The store contract against write-behind over the in-memory store. */
class WriteBehindInMemoryStoreContractTest extends PullRecordStoreContract {
  private InMemoryPullRecordStore inner;

  @Override
  protected PullRecordStore openStore() {
    inner = new InMemoryPullRecordStore();
    return new WriteBehindPullRecordStore(inner);
  }

  @Override
  protected PullRecordStore reopenStore(PullRecordStore closed) {
    closed.close();
    return new WriteBehindPullRecordStore(inner.reopen());
  }
}
