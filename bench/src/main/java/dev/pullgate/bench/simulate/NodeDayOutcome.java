package dev.pullgate.bench.simulate;

import dev.pullgate.DecisionReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened during a simulated node day; the same scenario (seed included) always yields an
 * equal outcome.
 *
 * @param scenario the scenario that was played
 * @param decisions the engine's decisions by reason, every reason present (zero when unseen)
 * @param podStarts how many pods started
 * @param imageChecks how many container images the pods needed (present or not)
 * @param pullsAttempted how many pulls started (each behind a pull intent)
 * @param pullsFailed how many pulls the registry refused or failed
 * @param secretRotations how many secrets got a new credential under the same uid
 * @param secretRecreations how many secrets were deleted and created again with a new uid
 * @param gcRuns how many image garbage collections ran
 * @param imagesRemoved how many images garbage collection removed from the node
 * @param recordsPruned how many pulled records pruning deleted
 * @param restarts each agent restart, in order
 * @param storedRecords pulled records in the store at the day's end
 * @param storedIntents pull intents in the store at the day's end
 * @param oracleViolations decisions to use an image that neither the pod's credentials, nor a
 *     public pull, nor the policy justified: each one is an engine bug
 * @param modelMismatches records or intents that the engine stored differently from the reference
 *     model at the day's end, or prunes and reconciliations whose counts differed from it
 * @param violationSamples descriptions of the first few violations and mismatches (no credentials)
 */
public record NodeDayOutcome(
    NodeDayScenario scenario,
    Map<DecisionReason, Long> decisions,
    long podStarts,
    long imageChecks,
    long pullsAttempted,
    long pullsFailed,
    long secretRotations,
    long secretRecreations,
    long gcRuns,
    long imagesRemoved,
    long recordsPruned,
    List<RestartSummary> restarts,
    long storedRecords,
    long storedIntents,
    long oracleViolations,
    long modelMismatches,
    List<String> violationSamples) {

  public NodeDayOutcome {
    Objects.requireNonNull(scenario, "scenario");
    EnumMap<DecisionReason, Long> all = new EnumMap<>(DecisionReason.class);
    for (DecisionReason reason : DecisionReason.values()) {
      all.put(reason, decisions.getOrDefault(reason, 0L));
    }
    decisions = Collections.unmodifiableMap(all);
    restarts = List.copyOf(restarts);
    violationSamples = List.copyOf(violationSamples);
  }

  /** The decisions made for {@code reason}. */
  public long decisions(DecisionReason reason) {
    return decisions.get(reason);
  }

  /** Every decision made, whatever its reason. */
  public long totalDecisions() {
    return decisions.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How many decisions told the pod to use the image already on the node. */
  public long useDecisions() {
    return decisions.entrySet().stream()
        .filter(e -> !e.getKey().mustAttemptPull())
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
