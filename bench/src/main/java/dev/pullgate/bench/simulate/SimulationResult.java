package dev.pullgate.bench.simulate;

import java.time.Duration;
import java.util.Objects;

/**
 * What a simulated node day produced: its {@link NodeDayOutcome outcome}, which the seed fully
 * determines, and the measurements of this run, which vary from run to run.
 *
 * @param outcome what happened in the simulated day
 * @param latency how long the engine's decisions took
 * @param elapsed how long the whole simulation took on this machine
 */
public record SimulationResult(NodeDayOutcome outcome, LatencySummary latency, Duration elapsed) {
  public SimulationResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
