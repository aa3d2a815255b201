package dev.pullgate.bench.simulate;

import java.util.List;

/** Small scenarios that keep tests fast while still rotating, collecting and restarting. */
final class Scenarios {
  private Scenarios() {}

  /** Four hours, 2,000 pod starts, a restart at hour 2, frequent secret changes and GC. */
  static NodeDayScenarioBuilder small(long seed) {
    return NodeDayScenario.builder()
        .seed(seed)
        .hours(4)
        .podStarts(2_000)
        .namespaces(12)
        .teams(4)
        .images(80)
        .secretChangesPerHour(20)
        .gcIntervalMinutes(20)
        .restartHours(List.of(2));
  }

  static SimulationResult run(NodeDayScenario scenario) {
    return new NodeDaySimulator(scenario, PullGateOpener.inMemory()).run();
  }
}
