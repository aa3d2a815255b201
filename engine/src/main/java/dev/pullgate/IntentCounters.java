package dev.pullgate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many pulls of each normalised reference are in flight in this process; lost on restart, as
 * the stored intents are what survives. Changed only under the reference's intent lock; read
 * without a lock.
 */
final class IntentCounters {
  private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

  /** Whether at least one pull of {@code reference} is in flight. */
  boolean inFlight(String reference) {
    Integer count = counts.get(reference);
    return count != null && count > 0;
  }

  /** The in-flight count of {@code reference}, zero when none. */
  int count(String reference) {
    return counts.getOrDefault(reference, 0);
  }

  /** Adds one in-flight pull of {@code reference}. */
  void increment(String reference) {
    counts.merge(reference, 1, Integer::sum);
  }

  /** Removes one in-flight pull of {@code reference} when more than one remain. */
  void decrement(String reference) {
    counts.computeIfPresent(reference, (k, v) -> v > 1 ? v - 1 : null);
  }

  /** Forgets every in-flight pull of {@code reference}. */
  void clear(String reference) {
    counts.remove(reference);
  }

  /** How many pulls are in flight in all. */
  long total() {
    long total = 0;
    for (int count : counts.values()) {
      total += count;
    }
    return total;
  }
}
