package dev.pullgate.bench.harness;

import java.time.Duration;
import java.util.List;

/**
 * Everything a benchmark run measured.
 *
 * @param plan what was run
 * @param machine where
 * @param latency one result per adapter, size and thread count, in the order they ran
 * @param coldStarts one result per cold-started store and size
 * @param notes what the reader should know beside the figures: what each store's workload did,
 *     which cold starts were skipped
 * @param elapsed how long the whole run took
 */
public record BenchResults(
    BenchPlan plan,
    Machine machine,
    List<LatencyResult> latency,
    List<ColdStartResult> coldStarts,
    List<String> notes,
    Duration elapsed) {
  public BenchResults {
    latency = List.copyOf(latency);
    coldStarts = List.copyOf(coldStarts);
    notes = List.copyOf(notes);
  }

  /** How many measured decisions failed closed because a store failed. */
  public long storeErrors() {
    return latency.stream().mapToLong(LatencyResult::storeErrors).sum();
  }
}
