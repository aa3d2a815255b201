package dev.pullgate.bench.simulate;

import dev.pullgate.DecisionReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The counters of one simulated day, turned into a {@link NodeDayOutcome} at its end. */
final class OutcomeTally {
  private static final int MAX_SAMPLES = 10;

  private final NodeDayScenario scenario;
  private final long[] decisions = new long[DecisionReason.values().length];
  private final List<RestartSummary> restarts = new ArrayList<>();
  private final List<String> samples = new ArrayList<>();
  private long podStarts;
  private long imageChecks;
  private long pullsAttempted;
  private long pullsFailed;
  private long secretRotations;
  private long secretRecreations;
  private long gcRuns;
  private long imagesRemoved;
  private long recordsPruned;
  private long storedRecords;
  private long storedIntents;
  private long oracleViolations;
  private long modelMismatches;

  OutcomeTally(NodeDayScenario scenario) {
    this.scenario = scenario;
  }

  void podStarted() {
    podStarts++;
  }

  void imageChecked() {
    imageChecks++;
  }

  void decided(DecisionReason reason) {
    decisions[reason.ordinal()]++;
  }

  void pullStarted() {
    pullsAttempted++;
  }

  void pullFailed() {
    pullsFailed++;
  }

  void secretChanged(Cluster.SecretChange change) {
    switch (change) {
      case ROTATED -> secretRotations++;
      case RECREATED -> secretRecreations++;
      case NONE -> {}
    }
  }

  void garbageCollected(int removed, int pruned) {
    gcRuns++;
    imagesRemoved += removed;
    recordsPruned += pruned;
  }

  void restarted(RestartSummary summary) {
    restarts.add(summary);
  }

  void storedAtEnd(long records, long intents) {
    storedRecords = records;
    storedIntents = intents;
  }

  /** A decision to use an image that nothing justified. */
  void violation(long atMillis, String description) {
    oracleViolations++;
    sample(atMillis, "violation: " + description);
  }

  /** A difference between the engine's store and the reference model. */
  void mismatch(long atMillis, String description) {
    modelMismatches++;
    sample(atMillis, "mismatch: " + description);
  }

  NodeDayOutcome outcome() {
    Map<DecisionReason, Long> byReason = new EnumMap<>(DecisionReason.class);
    for (DecisionReason reason : DecisionReason.values()) {
      byReason.put(reason, decisions[reason.ordinal()]);
    }
    return new NodeDayOutcome(
        scenario,
        byReason,
        podStarts,
        imageChecks,
        pullsAttempted,
        pullsFailed,
        secretRotations,
        secretRecreations,
        gcRuns,
        imagesRemoved,
        recordsPruned,
        restarts,
        storedRecords,
        storedIntents,
        oracleViolations,
        modelMismatches,
        samples);
  }

  private void sample(long atMillis, String description) {
    if (samples.size() < MAX_SAMPLES) {
      samples.add(SimulationReport.clockTime(Duration.ofMillis(atMillis)) + " " + description);
    }
  }
}
