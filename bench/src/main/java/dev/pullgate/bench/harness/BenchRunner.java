package dev.pullgate.bench.harness;

import dev.pullgate.PullGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Runs a {@link BenchPlan}: for each store size and adapter, builds a store in a scratch directory,
 * opens the engine over it as an agent would, measures one cell per thread count one after the
 * other (each continuing the node the previous left), closes it and deletes the store; then the
 * cold starts. Every adapter of a size gets the same workload from the same seeds.
 */
public final class BenchRunner {
  /** Rough costs of the steps in progress units (milliseconds on a quiet machine). */
  private static final double KUBELET_MILLIS_PER_RECORD = 0.05;

  private static final double PULLGATE_MILLIS_PER_RECORD = 0.01;
  private static final long COLD_RUN_MILLIS = 700;

  private final BenchPlan plan;
  private final Path scratch;
  private final BenchProgress progress;
  private final long total;
  private long done;

  private BenchRunner(BenchPlan plan, Path scratch, BenchProgress progress) {
    this.plan = plan;
    this.scratch = scratch;
    this.progress = progress;
    this.total = plannedUnits(plan);
  }

  /**
   * Runs {@code plan}, building its stores in subdirectories of {@code scratch} (which must exist)
   * and deleting each once measured.
   *
   * @throws BenchFailure when a store cannot be built or opened, or a cold start fails
   */
  public static BenchResults run(BenchPlan plan, Path scratch, BenchProgress progress) {
    return new BenchRunner(plan, scratch, progress).run();
  }

  private BenchResults run() {
    long start = System.nanoTime();
    List<LatencyResult> latency = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int records : plan.sizes()) {
      for (StoreAdapter adapter : plan.adapters()) {
        measure(adapter, records, latency, notes);
      }
    }
    List<ColdStartResult> coldStarts = new ArrayList<>();
    for (int records : plan.coldSizes()) {
      for (StoreAdapter adapter : plan.coldStartAdapters()) {
        if (records > adapter.maxRecords()) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "cold start of %s at %,d records skipped: it writes a file per record, at most"
                      + " %,d",
                  adapter,
                  records,
                  adapter.maxRecords()));
          continue;
        }
        coldStarts.add(coldStart(adapter, records));
      }
    }
    progress.progress(total, total);
    return new BenchResults(
        plan,
        Machine.current(),
        latency,
        coldStarts,
        notes,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void measure(
      StoreAdapter adapter, int records, List<LatencyResult> latency, List<String> notes) {
    Path dir = scratch.resolve(adapter.id() + "-" + records);
    try {
      progress.step(String.format(Locale.ROOT, "building %s: %,d records", adapter, records));
      PreparedNode node = plan.workload().prepare(adapter.opener(dir), records);
      advance(buildUnits(adapter, records));
      try (PullGate gate =
          Engines.open(adapter.opener(dir), plan.workload().config(), node.clock())) {
        for (int threads : plan.threads()) {
          latency.add(cell(gate, node, adapter, records, threads));
        }
      }
      String activity = node.notes();
      if (!activity.isEmpty()) {
        notes.add(String.format(Locale.ROOT, "%s, %,d records: %s", adapter, records, activity));
      }
    } finally {
      Directories.delete(dir);
    }
  }

  private LatencyResult cell(
      PullGate gate, PreparedNode node, StoreAdapter adapter, int records, int threads) {
    progress.step(
        String.format(
            Locale.ROOT,
            "measuring %s: %,d records, %d thread%s",
            adapter,
            records,
            threads,
            threads == 1 ? "" : "s"));
    System.gc(); // the previous cell's garbage is not this cell's to collect
    long before = done;
    LatencyRun.Measurement m =
        LatencyRun.run(
            gate,
            node,
            seeds(records, threads),
            plan.phases(),
            DecisionListener.NONE,
            elapsed -> report(before + Math.min(elapsed, cellUnits())));
    done = before + cellUnits();
    report(done);
    return new LatencyResult(
        adapter, records, threads, m.latency(), m.measured(), m.pulls(), m.storeErrors());
  }

  private ColdStartResult coldStart(StoreAdapter adapter, int records) {
    Path dir = scratch.resolve("cold-" + adapter.id() + "-" + records);
    try {
      progress.step(
          String.format(Locale.ROOT, "cold start of %s: building %,d records", adapter, records));
      int[] run = {0};
      ColdStartResult result =
          ColdStart.measure(
              adapter,
              records,
              plan.coldRuns(),
              dir,
              plan.seed(),
              () -> {
                run[0]++;
                if (run[0] == 1) {
                  advance(buildUnits(adapter, records));
                }
                advance(COLD_RUN_MILLIS);
                progress.step(
                    String.format(
                        Locale.ROOT,
                        "cold start of %s: %,d records, %d of %d JVMs",
                        adapter,
                        records,
                        run[0],
                        plan.coldRuns()));
              });
      return result;
    } finally {
      Directories.delete(dir);
    }
  }

  /**
   * The seeds of the threads of one cell: a function of the plan's seed, the store size and the
   * thread count, never of the adapter, so that every adapter runs the same workload.
   */
  private long[] seeds(int records, int threads) {
    SplittableRandom random =
        new SplittableRandom(plan.seed() * 0x9E3779B97F4A7C15L + records * 1_000_003L + threads);
    long[] seeds = new long[threads];
    for (int t = 0; t < threads; t++) {
      seeds[t] = random.nextLong();
    }
    return seeds;
  }

  private void advance(long units) {
    done += units;
    report(done);
  }

  /** Reports {@code units} done, short of the total: only the end of the run completes the bar. */
  private void report(long units) {
    progress.progress(Math.min(units, total - 1), total);
  }

  private long cellUnits() {
    return plan.phases().warmup().plus(plan.phases().measure()).toMillis();
  }

  private static long buildUnits(StoreAdapter adapter, int records) {
    double perRecord = adapter.isKubelet() ? KUBELET_MILLIS_PER_RECORD : PULLGATE_MILLIS_PER_RECORD;
    return (long) (records * perRecord);
  }

  private static long plannedUnits(BenchPlan plan) {
    long cell = plan.phases().warmup().plus(plan.phases().measure()).toMillis();
    long units = 0;
    for (int records : plan.sizes()) {
      for (StoreAdapter adapter : plan.adapters()) {
        units += buildUnits(adapter, records) + cell * plan.threads().size();
      }
    }
    for (int records : plan.coldSizes()) {
      for (StoreAdapter adapter : plan.coldStartAdapters()) {
        if (records <= adapter.maxRecords()) {
          units += buildUnits(adapter, records) + COLD_RUN_MILLIS * plan.coldRuns();
        }
      }
    }
    return Math.max(units, 2);
  }
}
