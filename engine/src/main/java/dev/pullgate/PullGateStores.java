package dev.pullgate;

import dev.pullgate.store.CachingPullRecordStore;
import dev.pullgate.store.InMemoryPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.WriteBehindPullRecordStore;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;

/**
 * Builds the record store that a configuration describes: for LMDB, the durable store under a
 * write-behind layer (merges that decisions trigger are committed in batches) under the Caffeine
 * cache (decisions read memory). {@link PullGate#open(PullGateConfig)} uses it; tools that open an
 * engine over a store of their own choosing, with their own clock, use it too.
 */
public final class PullGateStores {
  private PullGateStores() {}

  /**
   * Opens the store that {@code config} describes.
   *
   * @throws IllegalArgumentException when an LMDB store has no {@code pullgate.store.path}
   * @throws dev.pullgate.error.StoreException when the store cannot be opened
   */
  public static PullRecordStore open(PullGateConfig config) {
    return switch (config.storeKind()) {
      case MEMORY -> new InMemoryPullRecordStore();
      case LMDB -> openLmdb(config);
    };
  }

  private static PullRecordStore openLmdb(PullGateConfig config) {
    if (config.storePath() == null) {
      throw new IllegalArgumentException(
          PullGateConfig.STORE_PATH
              + " is required when "
              + PullGateConfig.STORE
              + "="
              + StoreKind.LMDB.propertyValue());
    }
    LmdbPullRecordStore lmdb = LmdbPullRecordStore.open(config);
    try {
      return new CachingPullRecordStore(
          new WriteBehindPullRecordStore(lmdb), config.cacheMaxRecords(), config.cacheMaxIntents());
    } catch (RuntimeException | Error e) {
      // Release the writer lock and the environment, or the next open in this process would fail.
      try {
        lmdb.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
