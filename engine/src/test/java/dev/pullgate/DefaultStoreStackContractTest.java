package dev.pullgate;

import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against the stack that {@code PullGate.open(config)} builds: the Caffeine
 * cache over the write-behind layer over LMDB, with small cache bounds so that evictions happen
 * during the suite. A reopen closes the whole stack and opens it again from disk.
 */
class DefaultStoreStackContractTest extends PullRecordStoreContract {
  @TempDir Path dir;

  @Override
  protected PullRecordStore openStore() {
    return StoreStack.open(
            PullGateConfig.builder()
                .storePath(dir.resolve("store"))
                .storeMapSize(PullGateConfig.MIN_MAP_SIZE)
                .cacheMaxRecords(16)
                .cacheMaxIntents(16)
                .build())
        .store();
  }

  @Override
  protected PullRecordStore reopenStore(PullRecordStore closed) {
    closed.close();
    return openStore();
  }
}
