package dev.pullgate.bench.harness;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a benchmark run does: the workload, the adapters, the store sizes and thread counts of
 * the measured cells (one cell per adapter, size and thread count), how long each cell runs, and
 * the cold starts. Immutable, checked as it is made.
 *
 * @param workload what the engine is asked
 * @param adapters the stores measured, in report order
 * @param sizes how many records each store is built with, in order
 * @param threads how many threads drive the engine at once, in order
 * @param phases how long each cell warms up and is measured
 * @param coldSizes the store sizes of the cold starts; empty for none
 * @param coldRuns how many fresh JVMs each cold start is measured in
 * @param seed the seed of the threads' random choices (the workload has its own)
 */
public record BenchPlan(
    BenchWorkload workload,
    List<StoreAdapter> adapters,
    List<Integer> sizes,
    List<Integer> threads,
    LatencyRun.Phases phases,
    List<Integer> coldSizes,
    int coldRuns,
    long seed) {
  /** The smallest store a cell or a cold start is built with. */
  public static final int MIN_RECORDS = 100;

  /** The largest store a cell or a cold start is built with. */
  public static final int MAX_RECORDS = 10_000_000;

  /** The most threads a cell runs. */
  public static final int MAX_THREADS = 64;

  /** The most cold starts per store and size. */
  public static final int MAX_COLD_RUNS = 100;

  /**
   * Checks the plan.
   *
   * @throws IllegalArgumentException naming the first setting out of range, and its value
   */
  public BenchPlan {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(phases, "phases");
    adapters = List.copyOf(adapters);
    sizes = List.copyOf(sizes);
    threads = List.copyOf(threads);
    coldSizes = List.copyOf(coldSizes);
    requireDistinct("adapters", adapters, 1);
    requireDistinct("sizes", sizes, 1);
    requireDistinct("threads", threads, 1);
    requireDistinct("cold-sizes", coldSizes, 0);
    for (int size : sizes) {
      requireRecords("sizes", size);
      for (StoreAdapter adapter : adapters) {
        if (size > adapter.maxRecords()) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "sizes: %s writes a file per record, at most %,d, and sizes holds %,d; leave"
                      + " the kubelet adapters out for larger stores",
                  adapter,
                  adapter.maxRecords(),
                  size));
        }
      }
    }
    for (int count : threads) {
      if (count < 1 || count > MAX_THREADS) {
        throw new IllegalArgumentException(
            "threads must be from 1 to " + MAX_THREADS + ", was " + count);
      }
    }
    for (int size : coldSizes) {
      requireRecords("cold-sizes", size);
    }
    if (coldRuns < 1 || coldRuns > MAX_COLD_RUNS) {
      throw new IllegalArgumentException(
          "cold-runs must be from 1 to " + MAX_COLD_RUNS + ", was " + coldRuns);
    }
  }

  /**
   * The adapters whose stores are cold started: Pullgate's default stack when a Pullgate adapter is
   * measured, and the kubelet's store with its caches when a kubelet adapter is.
   */
  public List<StoreAdapter> coldStartAdapters() {
    boolean pullgate = adapters.stream().anyMatch(a -> !a.isKubelet());
    boolean kubelet = adapters.stream().anyMatch(StoreAdapter::isKubelet);
    if (coldSizes.isEmpty()) {
      return List.of();
    }
    if (pullgate && kubelet) {
      return List.of(StoreAdapter.PULLGATE_CACHED, StoreAdapter.KUBELET_LRU);
    }
    return List.of(pullgate ? StoreAdapter.PULLGATE_CACHED : StoreAdapter.KUBELET_LRU);
  }

  private static void requireRecords(String setting, int size) {
    if (size < MIN_RECORDS || size > MAX_RECORDS) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s must be from %,d to %,d records, was %,d",
              setting,
              MIN_RECORDS,
              MAX_RECORDS,
              size));
    }
  }

  private static <T> void requireDistinct(String setting, List<T> values, int atLeast) {
    if (values.size() < atLeast) {
      throw new IllegalArgumentException(setting + " must name at least " + atLeast);
    }
    HashSet<T> seen = new HashSet<>();
    for (T value : values) {
      if (!seen.add(Objects.requireNonNull(value, setting))) {
        throw new IllegalArgumentException(setting + " names " + value + " twice");
      }
    }
  }
}
