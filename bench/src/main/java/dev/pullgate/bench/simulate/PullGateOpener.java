package dev.pullgate.bench.simulate;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.store.InMemoryPullRecordStore;
import java.time.InstantSource;

/**
 * Opens the simulated node agent's {@link PullGate}: the seam through which a simulation runs
 * against any record store.
 *
 * <p>The simulator calls {@link #open} once at dawn and again after each simulated restart, having
 * closed the previous engine first. Every call must open over the records that the previous engine
 * left behind, as an agent restarting on a real node does; the first call must find the store
 * empty. The simulator closes every engine it opened. The opener may add store settings to {@code
 * config} (kind, path, sync mode) but must keep its policy and allowlist.
 */
@FunctionalInterface
public interface PullGateOpener {

  /**
   * Opens an engine with {@code config}'s decision settings and {@code clock} as its time, over
   * this opener's store.
   */
  PullGate open(PullGateConfig config, InstantSource clock);

  /** An opener over one {@link InMemoryPullRecordStore}, which each restart reopens. */
  static PullGateOpener inMemory() {
    InMemoryPullRecordStore store = new InMemoryPullRecordStore();
    return (config, clock) -> PullGate.open(config, store.reopen(), clock);
  }
}
