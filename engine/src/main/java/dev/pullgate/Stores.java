package dev.pullgate;

import dev.pullgate.store.InMemoryPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.cache.CachingPullRecordStore;
import dev.pullgate.store.cache.WriteBehindPullRecordStore;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;

/**
 * Builds the record store that a configuration describes: for LMDB, the durable store under a
 * write-behind layer (merges that decisions trigger are committed in batches) under the Caffeine
 * cache (decisions read memory).
 */
final class Stores {
  private Stores() {}

  static PullRecordStore open(PullGateConfig config) {
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
    return new CachingPullRecordStore(
        new WriteBehindPullRecordStore(lmdb), config.cacheMaxRecords(), config.cacheMaxIntents());
  }
}
