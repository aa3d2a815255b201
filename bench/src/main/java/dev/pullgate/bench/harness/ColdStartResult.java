package dev.pullgate.bench.harness;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The cold starts of one store at one size: the median of each timing over the runs, each taken on
 * its own (so the medians need not add up to the median total).
 *
 * @param adapter the store, opened as an agent opens it
 * @param records how many records the store held
 * @param runs how many fresh JVMs were started
 * @param median each timing's median over the runs
 */
public record ColdStartResult(StoreAdapter adapter, int records, int runs, ColdStartSample median) {

  /**
   * The result of {@code samples}.
   *
   * @throws IllegalArgumentException when there are none
   */
  public static ColdStartResult of(
      StoreAdapter adapter, int records, List<ColdStartSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a cold start result needs at least one run");
    }
    ColdStartSample median =
        new ColdStartSample(
            median(samples, ColdStartSample::jvmStart),
            median(samples, ColdStartSample::open),
            median(samples, ColdStartSample::openClassLoadingMillis),
            median(samples, ColdStartSample::firstDecision),
            median(samples, ColdStartSample::decisionClassLoadingMillis),
            median(samples, ColdStartSample::total));
    return new ColdStartResult(adapter, records, samples.size(), median);
  }

  /** The median of one timing: the middle value, or the lower middle of an even count. */
  private static long median(
      List<ColdStartSample> samples, ToLongFunction<ColdStartSample> timing) {
    long[] values = samples.stream().mapToLong(timing).sorted().toArray();
    return values[(values.length - 1) / 2];
  }
}
