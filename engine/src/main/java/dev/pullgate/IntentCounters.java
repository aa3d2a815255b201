package dev.pullgate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many pulls of each image string are in flight in this process; lost on restart, as the stored
 * intents are what survives. Changed only under the image string's stripe lock; read without a
 * lock.
 */
final class IntentCounters {
  private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

  /** Whether at least one pull of {@code image} is in flight. */
  boolean inFlight(String image) {
    Integer count = counts.get(image);
    return count != null && count > 0;
  }

  /** The in-flight count of {@code image}, zero when none. */
  int count(String image) {
    return counts.getOrDefault(image, 0);
  }

  /** Adds one in-flight pull of {@code image}. */
  void increment(String image) {
    counts.merge(image, 1, Integer::sum);
  }

  /** Removes one in-flight pull of {@code image} when more than one remain. */
  void decrement(String image) {
    counts.computeIfPresent(image, (k, v) -> v > 1 ? v - 1 : null);
  }

  /** Forgets every in-flight pull of {@code image}. */
  void clear(String image) {
    counts.remove(image);
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
