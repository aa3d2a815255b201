package dev.pullgate;

import dev.pullgate.store.InMemoryPullRecordStore;
import dev.pullgate.store.PullRecordStore;

/** Builds the record store that a configuration describes. */
final class Stores {
  private Stores() {}

  static PullRecordStore open(PullGateConfig config) {
    return switch (config.storeKind()) {
      case MEMORY -> new InMemoryPullRecordStore();
      case LMDB ->
          throw new PullGateException(
              PullGateConfig.STORE + "=lmdb is not available in this build; use memory");
    };
  }
}
