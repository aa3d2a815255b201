package dev.pullgate;

/** How the LMDB store commits: the only two modes that never lose an acknowledged record. */
public enum StoreSync {
  /** Synchronous commits of data and meta pages (LMDB's default). */
  DURABLE("durable"),
  /**
   * Skips the sync of the meta page ({@code MDB_NOMETASYNC}): the last commit before a system crash
   * may be undone, but the database stays intact.
   */
  NO_META_SYNC("nometasync");

  private final String propertyValue;

  StoreSync(String propertyValue) {
    this.propertyValue = propertyValue;
  }

  /** The value of {@code pullgate.store.sync} that selects this mode. */
  public String propertyValue() {
    return propertyValue;
  }

  static StoreSync fromPropertyValue(String value) {
    for (StoreSync sync : values()) {
      if (sync.propertyValue.equals(value)) {
        return sync;
      }
    }
    throw new IllegalArgumentException(
        PullGateConfig.STORE_SYNC + " must be 'durable' or 'nometasync', was '" + value + "'");
  }
}
