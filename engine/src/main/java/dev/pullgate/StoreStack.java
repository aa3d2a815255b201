package dev.pullgate;

import dev.pullgate.store.CachingPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;

/**
 * Builds the record store that a configuration describes: for LMDB, the durable store under a
 * write-behind layer (batched, group-committed writes) under the Caffeine cache (decisions read
 * memory); for memory, the in-memory store under the same cache.
 *
 * @param store the top of the stack, which the engine owns and closes
 * @param cache the cache layer, whose statistics the metrics report, or null without one
 */
record StoreStack(PullRecordStore store, CachingPullRecordStore cache) {

  /**
   * Opens the store that {@code config} describes.
   *
   * @throws IllegalArgumentException when an LMDB store has no {@code pullgate.store.path}
   * @throws dev.pullgate.error.StoreException when the store cannot be opened
   */
  static StoreStack open(PullGateConfig config) {
    return switch (config.storeKind()) {
      case MEMORY -> cached(PullRecordStore.inMemory(), config);
      case LMDB -> openLmdb(config);
    };
  }

  /** The stack of a store the caller composed: used as it is. */
  static StoreStack of(PullRecordStore store) {
    return new StoreStack(store, store instanceof CachingPullRecordStore cache ? cache : null);
  }

  private static StoreStack cached(PullRecordStore store, PullGateConfig config) {
    if (config.cacheMaxRecords() == 0 && config.cacheMaxIntents() == 0) {
      return new StoreStack(store, null);
    }
    CachingPullRecordStore cache =
        PullRecordStore.cached(store, config.cacheMaxRecords(), config.cacheMaxIntents());
    return new StoreStack(cache, cache);
  }

  /** The LMDB store options that {@code config} describes. */
  static LmdbPullRecordStore.Options lmdbOptions(PullGateConfig config) {
    if (config.storePath() == null) {
      throw new IllegalArgumentException(
          PullGateConfig.STORE_PATH
              + " is required when "
              + PullGateConfig.STORE
              + "="
              + PullGateConfig.StoreKind.LMDB.propertyValue());
    }
    return new LmdbPullRecordStore.Options(
        config.storePath(),
        config.storeMapSize(),
        config.storeMaxMapSize(),
        config.storeSync() == PullGateConfig.StoreSync.DURABLE,
        config.storeMaxReaders());
  }

  private static StoreStack openLmdb(PullGateConfig config) {
    LmdbPullRecordStore lmdb = LmdbPullRecordStore.open(lmdbOptions(config));
    try {
      lmdb.startVerification(config.storeVerifyInterval());
      return cached(PullRecordStore.writeBehind(lmdb), config);
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
