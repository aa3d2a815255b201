package dev.pullgate.bench.report;

import dev.pullgate.bench.harness.BenchPlan;
import dev.pullgate.bench.harness.BenchResults;
import dev.pullgate.bench.harness.ColdStartResult;
import dev.pullgate.bench.harness.ColdStartSample;
import dev.pullgate.bench.harness.LatencyResult;
import dev.pullgate.bench.harness.Machine;
import dev.pullgate.bench.harness.StoreAdapter;
import dev.pullgate.bench.simulate.LatencySummary;
import dev.pullgate.bench.simulate.SimulationReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders {@link BenchResults} as the Markdown report of {@code pullgate bench}: what ran and
 * where, a decision latency table with a row per adapter, store size and thread count, a cold start
 * table with a row per store and size, and the notes. Rendering only.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** The report, lines ending in {@code \n}. */
  public static String render(BenchResults results) {
    StringBuilder out = new StringBuilder(4096);
    header(out, results);
    latency(out, results.latency());
    coldStarts(out, results);
    adapters(out, results.plan());
    notes(out, results.notes());
    return out.toString();
  }

  private static void header(StringBuilder out, BenchResults results) {
    BenchPlan plan = results.plan();
    Machine machine = results.machine();
    line(out, "# Pullgate bench");
    line(out, "");
    line(out, "- workload: %s", plan.workload().description());
    line(
        out,
        "- cells: %s warm-up, then %s measured%s; stores of %s records; %s threads",
        duration(plan.phases().warmup()),
        duration(plan.phases().measure()),
        plan.phases().decisionsPerThread() > 0
            ? String.format(
                Locale.ROOT, " or %,d decisions per thread", plan.phases().decisionsPerThread())
            : "",
        counts(plan.sizes()),
        plan.threads().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    line(
        out,
        "- machine: %d processors, %s, %s, heap up to %.1f GiB",
        machine.processors(),
        machine.java(),
        machine.os(),
        machine.maxHeapBytes() / (double) (1L << 30));
    line(out, "- the run took %s", SimulationReport.nanos(results.elapsed().toNanos()));
  }

  private static void latency(StringBuilder out, List<LatencyResult> results) {
    line(out, "");
    line(out, "## Decision latency");
    line(out, "");
    line(
        out,
        "Each decision (`mustAttemptImagePull`) timed on its own; the node's pulls, rotations"
            + " and collections between decisions are not timed, but their time counts in"
            + " decisions per second.");
    line(out, "");
    line(
        out,
        "| adapter | records | threads | decisions | decisions/s | p50 | p90 | p99 | p99.9 | max"
            + " | pull | store errors |");
    line(
        out,
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (LatencyResult r : results) {
      LatencySummary l = r.latency();
      line(
          out,
          "| %s | %,d | %d | %,d | %,.0f | %s | %s | %s | %s | %s | %,d | %,d |",
          r.adapter(),
          r.records(),
          r.threads(),
          l.count(),
          r.decisionsPerSecond(),
          SimulationReport.nanos(l.p50()),
          SimulationReport.nanos(l.p90()),
          SimulationReport.nanos(l.p99()),
          SimulationReport.nanos(l.p999()),
          SimulationReport.nanos(l.max()),
          r.pulls(),
          r.storeErrors());
    }
  }

  private static void coldStarts(StringBuilder out, BenchResults results) {
    if (results.coldStarts().isEmpty()) {
      return;
    }
    line(out, "");
    line(out, "## Cold start");
    line(out, "");
    line(
        out,
        "A fresh JVM opens the store as an agent does and answers one decision that a record"
            + " grants; each figure is its median over %d JVMs. JVM start runs from launching the"
            + " process to `main`; classes is the time HotSpot spent loading and initialising"
            + " classes (native libraries included) within the step; total runs from launch to"
            + " the answer.",
        results.plan().coldRuns());
    line(out, "");
    line(
        out,
        "| store | records | JVM start | open | of it, classes | first decision | of it, classes"
            + " | total |");
    line(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (ColdStartResult r : results.coldStarts()) {
      ColdStartSample m = r.median();
      line(
          out,
          "| %s | %,d | %s | %s | %s | %s | %s | %s |",
          r.adapter(),
          r.records(),
          SimulationReport.nanos(m.jvmStart()),
          SimulationReport.nanos(m.open()),
          millis(m.openClassLoadingMillis()),
          SimulationReport.nanos(m.firstDecision()),
          millis(m.decisionClassLoadingMillis()),
          SimulationReport.nanos(m.total()));
    }
  }

  private static void adapters(StringBuilder out, BenchPlan plan) {
    line(out, "");
    line(out, "## Adapters");
    line(out, "");
    for (StoreAdapter adapter : plan.adapters()) {
      line(out, "- `%s`: %s.", adapter, adapter.description());
    }
  }

  private static void notes(StringBuilder out, List<String> notes) {
    if (notes.isEmpty()) {
      return;
    }
    line(out, "");
    line(out, "## Notes");
    line(out, "");
    for (String note : notes) {
      line(out, "- %s", note);
    }
  }

  private static String counts(List<Integer> sizes) {
    return sizes.stream()
        .map(size -> String.format(Locale.ROOT, "%,d", size))
        .collect(Collectors.joining(", "));
  }

  /** A setting's duration as it was given: {@code 500 ms}, {@code 20 s}. */
  private static String duration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String millis(long millis) {
    return millis < 0 ? "n/a" : millis + " ms";
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
  }
}
