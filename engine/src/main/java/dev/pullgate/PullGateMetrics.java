package dev.pullgate;

import dev.pullgate.store.CachingPullRecordStore;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a {@link PullGate}'s counters and gauges.
 *
 * @param decisions how many decisions were made for each reason since the engine opened
 * @param storedRecords the pulled records in the store, or -1 when the store cannot tell
 * @param storedIntents the pull intents in the store, or -1 when the store cannot tell
 * @param inFlightPulls the pulls this process has started and not yet finished
 * @param storeDamaged whether the store is known to be damaged, so that decisions resting on the
 *     absence of a record fail closed until an operator repairs it
 * @param storeErrors how many times a decision met a store failure or a damaged store
 * @param droppedMerges how many merges that decisions asked for were dropped because too many
 *     waited (the next decision asks again)
 * @param cache the record cache's hits, misses, evictions and occupancy ({@link
 *     CachingPullRecordStore.Statistics#NONE} without a cache)
 */
public record PullGateMetrics(
    Map<DecisionReason, Long> decisions,
    long storedRecords,
    long storedIntents,
    long inFlightPulls,
    boolean storeDamaged,
    long storeErrors,
    long droppedMerges,
    CachingPullRecordStore.Statistics cache) {
  /**
   * Copies {@code decisions}, so that the snapshot stays as it was taken.
   *
   * @param decisions how many decisions were made for each reason
   * @param storedRecords the pulled records in the store, or -1
   * @param storedIntents the pull intents in the store, or -1
   * @param inFlightPulls the pulls started and not yet finished
   * @param storeDamaged whether the store is known to be damaged
   * @param storeErrors how many times a decision met a store failure or a damaged store
   * @param droppedMerges how many merges were dropped because too many waited
   * @param cache the record cache's statistics
   */
  public PullGateMetrics {
    decisions = Map.copyOf(decisions);
    Objects.requireNonNull(cache, "cache");
  }

  /**
   * The decisions made for {@code reason}.
   *
   * @param reason the reason
   * @return how many, zero when none
   */
  public long decisions(DecisionReason reason) {
    return decisions.getOrDefault(reason, 0L);
  }

  /** {@return every decision counted, whatever its reason} */
  public long totalDecisions() {
    return decisions.values().stream().mapToLong(Long::longValue).sum();
  }
}
