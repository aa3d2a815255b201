package dev.pullgate.bench.simulate;

import java.util.Objects;

/**
 * Plays a simulated node day against a {@link dev.pullgate.PullGate} and reports what happened.
 *
 * <p>Namespaces start pods whose containers need images; when an image is on the node the engine
 * decides whether the pod may use it, otherwise (or when the engine says so) the node pulls it,
 * behind a pull intent, with the pod's credentials. Secrets rotate and are recreated, images are
 * garbage collected and their records pruned, and the agent restarts (closing the engine, reopening
 * it over the same store through the {@link PullGateOpener}, reconciling with the runtime's image
 * list). A reference model checks every decision to use an image.
 *
 * <p>Everything simulated follows from the scenario's seed and a simulated clock, so two runs of
 * one scenario have equal {@link NodeDayOutcome outcomes}; only the latency measurements differ. A
 * simulator prints nothing. Each {@link #run} plays the day from dawn over a store that must be
 * empty when first opened, as the reference model's is: give each run a fresh opener.
 */
public final class NodeDaySimulator {
  private final NodeDayScenario scenario;
  private final PullGateOpener opener;

  /** A simulator of {@code scenario} over the engines that {@code opener} opens. */
  public NodeDaySimulator(NodeDayScenario scenario, PullGateOpener opener) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /** Plays the day. */
  public SimulationResult run() {
    return run(SimulationProgress.NONE);
  }

  /**
   * Plays the day, telling {@code progress} how far it has come.
   *
   * @throws IllegalStateException when the opener's store is not empty at dawn
   */
  public SimulationResult run(SimulationProgress progress) {
    return new NodeDayRun(scenario, opener, Objects.requireNonNull(progress, "progress")).play();
  }
}
