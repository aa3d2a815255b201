package dev.pullgate.bench.simulate;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGateConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders a {@link SimulationResult} as the plain-text tables that {@code pullgate simulate}
 * prints: the scenario, decisions by reason, what happened on the node, the correctness checks and
 * the decision latency. Rendering only; nothing here computes results.
 */
public final class SimulationReport {
  private static final String LABEL = "  %-26s";

  private SimulationReport() {}

  /** The report of {@code result}, lines ending in {@code \n}. */
  public static String render(SimulationResult result) {
    NodeDayOutcome o = result.outcome();
    StringBuilder out = new StringBuilder(2048);
    scenario(out, o.scenario());
    decisions(out, o);
    node(out, o);
    correctness(out, o);
    latency(out, result.latency());
    line(out, "Simulated in %.2f s", result.elapsed().toNanos() / 1e9);
    return out.toString();
  }

  /** {@code at} as hours:minutes:seconds from the day's start, e.g. {@code 12:00:00}. */
  public static String clockTime(Duration at) {
    long seconds = at.toSeconds();
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  /** Nanoseconds in the unit that reads best: {@code 850 ns}, {@code 12.3 µs}, {@code 4.56 ms}. */
  public static String nanos(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static void scenario(StringBuilder out, NodeDayScenario s) {
    line(out, "Pullgate simulated node day");
    line(out, LABEL + "%d", "seed", s.seed());
    line(out, LABEL + "%s", "policy", s.policy().kubeletName());
    line(
        out,
        LABEL + "%d h, %,d pod starts (up to %d containers each)",
        "day",
        s.hours(),
        s.podStarts(),
        s.maxContainersPerPod());
    line(
        out,
        LABEL + "%d namespaces in %d teams, %.0f%% pulling with service accounts",
        "cluster",
        s.namespaces(),
        s.teams(),
        100 * s.serviceAccountShare());
    line(
        out,
        LABEL + "%d (%.0f%% private, %.0f%% preloaded)",
        "images",
        s.images(),
        100 * s.privateShare(),
        100 * s.preloadedShare());
    if (s.preloadedMode() != PullGateConfig.PreloadedMode.INFERRED
        || !s.credentialMaxAge().isZero()) {
      line(
          out,
          LABEL + "preloaded mode %s, credentials %s",
          "engine",
          s.preloadedMode().propertyValue(),
          s.credentialMaxAge().isZero()
              ? "never expire"
              : "expire " + s.credentialMaxAge() + " after a registry accepted them");
    }
    line(out, "");
  }

  private static void decisions(StringBuilder out, NodeDayOutcome o) {
    long total = o.totalDecisions();
    line(out, "%-28s %12s %8s  %s", "Decisions by reason", "count", "share", "kubelet label");
    for (DecisionReason reason : DecisionReason.values()) {
      long count = o.decisions(reason);
      if (count > 0) {
        line(
            out,
            "  %-26s %,12d %7.1f%%  %s",
            reason,
            count,
            share(count, total),
            reason.kubeletLabel());
      }
    }
    line(out, "  %-26s %,12d %7.1f%%", "total", total, total == 0 ? 0.0 : 100.0);
    line(
        out,
        LABEL + " %,12d use, %,d pull",
        "of which",
        o.useDecisions(),
        total - o.useDecisions());
    line(out, "");
  }

  private static void node(StringBuilder out, NodeDayOutcome o) {
    line(out, "On the node");
    count(out, "pod starts", o.podStarts());
    count(out, "container image checks", o.imageChecks());
    count(out, "pulls attempted", o.pullsAttempted());
    count(out, "pulls failed", o.pullsFailed());
    count(out, "secret rotations", o.secretRotations());
    count(out, "secret recreations", o.secretRecreations());
    count(out, "image GC runs", o.gcRuns());
    count(out, "images removed by GC", o.imagesRemoved());
    count(out, "records pruned", o.recordsPruned());
    count(out, "agent restarts", o.restarts().size());
    for (RestartSummary r : o.restarts()) {
      line(
          out,
          "    at %s: %,d pulls cut off; records %,d at close, %,d at reopen;"
              + " %,d intents stored, %,d reconciled",
          clockTime(r.at()),
          r.pullsInterrupted(),
          r.recordsBeforeClose(),
          r.recordsAfterReopen(),
          r.intentsAfterReopen(),
          r.intentsReconciled());
    }
    count(out, "records at end", o.storedRecords());
    count(out, "intents at end", o.storedIntents());
    line(out, "");
  }

  private static void correctness(StringBuilder out, NodeDayOutcome o) {
    line(out, "Correctness (reference model)");
    line(
        out,
        LABEL + " %,12d%s",
        "oracle violations",
        o.oracleViolations(),
        verdict(o.oracleViolations()));
    line(
        out,
        LABEL + " %,12d%s",
        "model mismatches",
        o.modelMismatches(),
        verdict(o.modelMismatches()));
    for (String sample : o.violationSamples()) {
      line(out, "    %s", sample);
    }
    line(out, "");
  }

  private static void latency(StringBuilder out, LatencySummary l) {
    line(out, "Decision latency (%,d decisions timed)", l.count());
    line(out, "  %10s %10s %10s %10s %10s", "p50", "p90", "p99", "p99.9", "max");
    line(
        out,
        "  %10s %10s %10s %10s %10s",
        nanos(l.p50()),
        nanos(l.p90()),
        nanos(l.p99()),
        nanos(l.p999()),
        nanos(l.max()));
    line(out, "");
  }

  private static void count(StringBuilder out, String label, long value) {
    line(out, LABEL + " %,12d", label, value);
  }

  private static String verdict(long problems) {
    return problems == 0 ? "  ok" : "  BUG, see below";
  }

  private static double share(long count, long total) {
    return total == 0 ? 0 : 100.0 * count / total;
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
