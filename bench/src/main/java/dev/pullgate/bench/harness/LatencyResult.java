package dev.pullgate.bench.harness;

import dev.pullgate.bench.simulate.LatencySummary;
import java.time.Duration;

/**
 * What one cell measured: the decision latency of {@code threads} threads over an adapter's store
 * of {@code records} records.
 *
 * @param adapter the store
 * @param records how many records it was built with
 * @param threads how many threads decided at once
 * @param latency the percentiles of the measured decisions, in nanoseconds
 * @param measured how long the measured phase lasted
 * @param pulls how many measured decisions told the pod to pull
 * @param storeErrors how many measured decisions failed closed because the store failed
 */
public record LatencyResult(
    StoreAdapter adapter,
    int records,
    int threads,
    LatencySummary latency,
    Duration measured,
    long pulls,
    long storeErrors) {

  /**
   * Measured decisions per second of the measured phase, all threads together; the node's pulls and
   * collections between decisions take their share of that time.
   */
  public double decisionsPerSecond() {
    return latency.count() / (measured.toNanos() / 1e9);
  }
}
