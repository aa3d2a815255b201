package dev.pullgate.store.lmdb;

import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateConfigBuilder;
import dev.pullgate.StoreSync;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open an LMDB store: its directory and the {@code pullgate.store.*} settings, validated as
 * {@link PullGateConfig} validates them.
 *
 * @param path the store's directory ({@value PullGateConfig#STORE_PATH})
 * @param mapSize the map size at open, in bytes ({@value PullGateConfig#STORE_MAP_SIZE}); an
 *     existing store keeps a larger map it already has
 * @param maxMapSize the size the map may grow to ({@value PullGateConfig#STORE_MAX_MAP_SIZE})
 * @param sync how commits reach the disk ({@value PullGateConfig#STORE_SYNC})
 * @param maxReaders the size of LMDB's reader table ({@value PullGateConfig#STORE_MAX_READERS})
 */
public record LmdbStoreOptions(
    Path path, long mapSize, long maxMapSize, StoreSync sync, int maxReaders) {
  public LmdbStoreOptions {
    Objects.requireNonNull(path, PullGateConfig.STORE_PATH);
    Objects.requireNonNull(sync, PullGateConfig.STORE_SYNC);
    if (mapSize < PullGateConfigBuilder.MIN_MAP_SIZE) {
      throw new IllegalArgumentException(
          PullGateConfig.STORE_MAP_SIZE
              + " must be at least "
              + PullGateConfigBuilder.MIN_MAP_SIZE
              + ", was "
              + mapSize);
    }
    if (maxMapSize < mapSize) {
      throw new IllegalArgumentException(
          PullGateConfig.STORE_MAX_MAP_SIZE
              + " must be at least "
              + PullGateConfig.STORE_MAP_SIZE
              + " ("
              + mapSize
              + "), was "
              + maxMapSize);
    }
    if (maxReaders < 1) {
      throw new IllegalArgumentException(
          PullGateConfig.STORE_MAX_READERS + " must be positive, was " + maxReaders);
    }
  }

  /** The options at {@code path} with every other setting at its default. */
  public static LmdbStoreOptions of(Path path) {
    return from(PullGateConfig.builder().storePath(path).build());
  }

  /**
   * The store settings of {@code config}.
   *
   * @throws IllegalArgumentException when {@value PullGateConfig#STORE_PATH} is not set
   */
  public static LmdbStoreOptions from(PullGateConfig config) {
    if (config.storePath() == null) {
      throw new IllegalArgumentException(
          PullGateConfig.STORE_PATH + " must be set for the LMDB store");
    }
    return new LmdbStoreOptions(
        config.storePath(),
        config.storeMapSize(),
        config.storeMaxMapSize(),
        config.storeSync(),
        config.storeMaxReaders());
  }
}
