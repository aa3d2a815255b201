package dev.pullgate;

import dev.pullgate.store.CacheStatistics;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a {@link PullGate}'s counters and gauges.
 *
 * @param decisions how many decisions were made for each reason since the engine opened
 * @param storedRecords the pulled records in the store, or -1 when the store cannot tell
 * @param storedIntents the pull intents in the store, or -1 when the store cannot tell
 * @param inFlightPulls the pulls this process has started and not yet finished
 * @param cache the record cache's hits, misses, evictions and occupancy ({@link
 *     CacheStatistics#NONE} without a cache)
 */
public record PullGateMetrics(
    Map<DecisionReason, Long> decisions,
    long storedRecords,
    long storedIntents,
    long inFlightPulls,
    CacheStatistics cache) {
  public PullGateMetrics {
    decisions = Map.copyOf(decisions);
    Objects.requireNonNull(cache, "cache");
  }

  /** The decisions made for {@code reason}. */
  public long decisions(DecisionReason reason) {
    return decisions.getOrDefault(reason, 0L);
  }

  /** Every decision counted, whatever its reason. */
  public long totalDecisions() {
    return decisions.values().stream().mapToLong(Long::longValue).sum();
  }
}
