package dev.pullgate.store;

/** The store contract against the in-memory store. */
class InMemoryPullRecordStoreTest extends PullRecordStoreContract {

  @Override
  protected PullRecordStore openStore() {
    return new InMemoryPullRecordStore();
  }

  @Override
  protected PullRecordStore reopenStore(PullRecordStore closed) {
    closed.close();
    return ((InMemoryPullRecordStore) closed).reopen();
  }
}
