package dev.pullgate.bench.harness;

import dev.pullgate.PullGateConfig;
import dev.pullgate.bench.simulate.PullGateOpener;

/**
 * What {@code pullgate bench} asks the engine: a synthetic node, or the checks of a trace. A
 * workload builds its store through an adapter's opener, then hands out the threads that drive the
 * measured engine.
 */
public interface BenchWorkload {

  /** A one-line description for reports. */
  String description();

  /** The engine's decision settings (policy, allowlist); adapters add their store settings. */
  PullGateConfig config();

  /**
   * Builds a store of {@code records} records (and whatever else the workload needs) through
   * engines that {@code opener} opens, closing each before returning. The store is empty when this
   * is called.
   *
   * @throws BenchFailure when the store cannot be built
   */
  PreparedNode prepare(PullGateOpener opener, int records);
}
