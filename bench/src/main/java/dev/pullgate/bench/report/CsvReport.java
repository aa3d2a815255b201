package dev.pullgate.bench.report;

import dev.pullgate.bench.harness.BenchResults;
import dev.pullgate.bench.harness.ColdStartResult;
import dev.pullgate.bench.harness.ColdStartSample;
import dev.pullgate.bench.harness.LatencyResult;
import dev.pullgate.bench.simulate.LatencySummary;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link BenchResults} as CSV for spreadsheets and scripts: one file of decision latency, a
 * row per adapter, store size and thread count, in nanoseconds; one of cold starts, a row per store
 * and size, in milliseconds. A header row names the columns; numbers are plain (a dot for decimals,
 * no grouping); a class loading time HotSpot did not give is left empty.
 */
public final class CsvReport {
  /** The columns of the latency file. */
  public static final List<String> LATENCY_COLUMNS =
      List.of(
          "adapter",
          "records",
          "threads",
          "decisions",
          "measured_s",
          "decisions_per_s",
          "p50_ns",
          "p90_ns",
          "p99_ns",
          "p999_ns",
          "max_ns",
          "pulls",
          "store_errors");

  /** The columns of the cold start file. */
  public static final List<String> COLD_START_COLUMNS =
      List.of(
          "store",
          "records",
          "runs",
          "jvm_start_ms",
          "open_ms",
          "open_class_loading_ms",
          "first_decision_ms",
          "first_decision_class_loading_ms",
          "total_ms");

  private CsvReport() {}

  /** The latency file. */
  public static String latency(BenchResults results) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", LATENCY_COLUMNS)).append('\n');
    for (LatencyResult r : results.latency()) {
      LatencySummary l = r.latency();
      out.append(
          String.format(
              Locale.ROOT,
              "%s,%d,%d,%d,%.3f,%.1f,%d,%d,%d,%d,%d,%d,%d\n",
              r.adapter(),
              r.records(),
              r.threads(),
              l.count(),
              r.measured().toNanos() / 1e9,
              r.decisionsPerSecond(),
              l.p50(),
              l.p90(),
              l.p99(),
              l.p999(),
              l.max(),
              r.pulls(),
              r.storeErrors()));
    }
    return out.toString();
  }

  /** The cold start file. */
  public static String coldStart(BenchResults results) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", COLD_START_COLUMNS)).append('\n');
    for (ColdStartResult r : results.coldStarts()) {
      ColdStartSample m = r.median();
      out.append(r.adapter())
          .append(',')
          .append(r.records())
          .append(',')
          .append(r.runs())
          .append(',')
          .append(millis(m.jvmStart()))
          .append(',')
          .append(millis(m.open()))
          .append(',')
          .append(m.openClassLoadingMillis() < 0 ? "" : m.openClassLoadingMillis())
          .append(',')
          .append(millis(m.firstDecision()))
          .append(',')
          .append(m.decisionClassLoadingMillis() < 0 ? "" : m.decisionClassLoadingMillis())
          .append(',')
          .append(millis(m.total()))
          .append('\n');
    }
    return out.toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
