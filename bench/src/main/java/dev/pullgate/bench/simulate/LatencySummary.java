package dev.pullgate.bench.simulate;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of how long {@code mustAttemptImagePull} took, in nanoseconds of {@link
 * System#nanoTime()}: a measurement of this run on this machine, never part of the simulated
 * outcome.
 *
 * @param count how many decisions were timed
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max the slowest decision
 */
public record LatencySummary(long count, long p50, long p90, long p99, long p999, long max) {

  /** The summary of {@code histogram}'s values (all zero when it is empty). */
  public static LatencySummary of(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        histogram.getTotalCount(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue());
  }
}
