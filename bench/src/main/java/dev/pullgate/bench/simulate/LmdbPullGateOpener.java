package dev.pullgate.bench.simulate;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A {@link PullGateOpener} over the durable LMDB store in one directory, opened as a node agent
 * opens it ({@link PullGate#open(PullGateConfig, InstantSource)}: LMDB under the write-behind layer
 * under the cache). Each restart closes the environment and opens it again from disk, so a
 * simulated day or a replayed trace proves that every acknowledged record survives.
 */
public final class LmdbPullGateOpener implements PullGateOpener {
  private final Path directory;
  private final PullGateConfig.StoreSync sync;

  /**
   * An opener of the store in {@code directory} (created when absent) committing with {@code sync},
   * whatever the configuration it is given says.
   */
  public LmdbPullGateOpener(Path directory, PullGateConfig.StoreSync sync) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.sync = Objects.requireNonNull(sync, "sync");
  }

  /**
   * An opener of the store in {@code directory} (created when absent) committing as the
   * configuration it is given says ({@link PullGateConfig#storeSync()}).
   */
  public LmdbPullGateOpener(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.sync = null;
  }

  /** The store's directory. */
  public Path directory() {
    return directory;
  }

  @Override
  public PullGate open(PullGateConfig config, InstantSource clock) {
    PullGateConfig lmdb =
        config.toBuilder()
            .storeKind(PullGateConfig.StoreKind.LMDB)
            .storePath(directory)
            .storeSync(sync != null ? sync : config.storeSync())
            .build();
    return PullGate.open(lmdb, clock);
  }
}
