package dev.pullgate.bench.harness;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.bench.simulate.PullGateOpener;
import java.time.InstantSource;

/** Opens the engines of a benchmark, turning a failure to open into a {@link BenchFailure}. */
final class Engines {
  private Engines() {}

  /**
   * An engine that {@code opener} opens with {@code config} and {@code clock}.
   *
   * @throws BenchFailure naming the reason when it cannot be opened
   */
  static PullGate open(PullGateOpener opener, PullGateConfig config, InstantSource clock) {
    try {
      return opener.open(config, clock);
    } catch (RuntimeException e) {
      throw new BenchFailure("the engine could not be opened: " + e.getMessage(), e);
    }
  }
}
