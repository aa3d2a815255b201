package dev.pullgate;

/** Which record store {@link PullGate#open(PullGateConfig)} builds. */
public enum StoreKind {
  /** The durable memory-mapped LMDB store under the Caffeine cache; needs a store path. */
  LMDB("lmdb"),
  /** Records in memory only, lost when the process ends. */
  MEMORY("memory");

  private final String propertyValue;

  StoreKind(String propertyValue) {
    this.propertyValue = propertyValue;
  }

  /** The value of {@code pullgate.store} that selects this kind. */
  public String propertyValue() {
    return propertyValue;
  }

  static StoreKind fromPropertyValue(String value) {
    for (StoreKind kind : values()) {
      if (kind.propertyValue.equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        PullGateConfig.STORE + " must be 'lmdb' or 'memory', was '" + value + "'");
  }
}
