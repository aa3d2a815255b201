package dev.pullgate.cli;

import dev.pullgate.bench.harness.BenchFailure;
import dev.pullgate.bench.harness.BenchPlan;
import dev.pullgate.bench.harness.BenchProgress;
import dev.pullgate.bench.harness.BenchResults;
import dev.pullgate.bench.harness.BenchRunner;
import dev.pullgate.bench.harness.BenchWorkload;
import dev.pullgate.bench.harness.LatencyRun;
import dev.pullgate.bench.harness.StoreAdapter;
import dev.pullgate.bench.harness.SyntheticNode;
import dev.pullgate.bench.report.MarkdownReport;
import dev.pullgate.bench.report.ReportFiles;
import dev.pullgate.cli.trace.TraceFile;
import dev.pullgate.cli.trace.TraceFormatException;
import dev.pullgate.cli.trace.TraceParser;
import dev.pullgate.cli.trace.TraceWorkload;
import dev.pullgate.kubelet.io.IoReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pullgate bench}: measures the engine's decisions over each store adapter, store size and
 * thread count, and cold starts in fresh JVMs, and writes the reports (Markdown, CSV, PNG charts).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Measures how fast the engine decides over each store: Pullgate's default stack, Pullgate"
          + " without its caches, and the kubelet's file per record store with and without its"
          + " LRU caches; all decide through the same engine.",
      "A synthetic node (Zipf-popular images, namespaces with secrets, pod starts, secret"
          + " rotations, image garbage collection with pruning), or the checks of a trace, runs on"
          + " each store size and thread count: a warm-up, then a measured phase whose decision"
          + " latency percentiles are reported. Cold starts open a store in a fresh JVM and answer"
          + " one decision.",
      "Prints the Markdown report and writes it, two CSV files and PNG charts to --output. The"
          + " default run takes about a minute on two cores; --full runs the documented"
          + " benchmark (docs/benchmarks.md)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the benchmark ran",
      "1:a store failed during the run (decisions failed closed with STORE_ERROR)",
      "2:bad command line, an unreadable trace, a store or JVM that could not be started, or"
          + " reports that could not be written",
      ExitCodes.HELP_INTERNAL
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--full",
      description =
          "Run the documented benchmark: sizes 1k,10k,100k, 5s warm-up and 20s measured per"
              + " cell, cold starts at 1k,10k,100k,1m, 5 JVMs each (about 20 minutes on two cores).")
  boolean full;

  @Option(
      names = "--sizes",
      paramLabel = "RECORDS",
      split = ",",
      description = "Store sizes in records, such as 1k,10k,100k (default: 1k,10k).")
  List<String> sizes;

  @Option(
      names = "--threads",
      paramLabel = "N",
      split = ",",
      description = "Thread counts of the measured cells (default: 1,2).")
  List<Integer> threads;

  @Option(
      names = "--adapters",
      paramLabel = "ADAPTER",
      split = ",",
      converter = BenchOptions.AdapterConverter.class,
      description =
          "The stores to measure: pullgate-cached, pullgate-lmdb, kubelet-lru, kubelet-nolru"
              + " (default: all).")
  List<StoreAdapter> adapters;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      converter = BenchOptions.DurationConverter.class,
      description = "Warm-up of each cell, not measured, such as 1s or 500ms (default: 1s).")
  Duration warmup;

  @Option(
      names = "--measure",
      paramLabel = "DURATION",
      converter = BenchOptions.DurationConverter.class,
      description = "Measured phase of each cell, such as 20s (default: 1500ms).")
  Duration measure;

  @Option(
      names = "--decisions",
      paramLabel = "N",
      description =
          "Also end each thread's measured phase after N decisions, so that every adapter"
              + " measures the same decisions (default: no limit).")
  long decisions;

  @Option(
      names = "--cold-sizes",
      paramLabel = "RECORDS",
      split = ",",
      description = "Store sizes of the cold starts, or none (default: the same as --sizes).")
  List<String> coldSizes;

  @Option(
      names = "--cold-runs",
      paramLabel = "N",
      description = "Fresh JVMs per cold start; each figure is their median (default: 3).")
  Integer coldRuns;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "The seed of the workload's random choices (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description =
          "Measure the checks of this trace (docs/trace-format.md) instead of the synthetic node.")
  Path trace;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Where to write report.md, latency.csv, cold-start.csv and the charts (created if"
              + " needed; files of those names are replaced; default: ${DEFAULT-VALUE}).")
  Path output = Path.of("bench-results");

  @Option(
      names = "--progress",
      description =
          "Draw a progress bar on standard error even when it is not a terminal (it is drawn on a"
              + " terminal anyway).")
  boolean progress;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    BenchPlan plan = plan(workload());
    createOutput();
    BenchResults results;
    boolean drawBar = progress || System.console() != null;
    try (TemporaryDirectory scratch = TemporaryDirectory.create("pullgate-bench-");
        ProgressBar bar = new ProgressBar(err, "benchmarking", null)) {
      results = BenchRunner.run(plan, scratch.path(), drawBar ? bar : BenchProgress.NONE);
    } catch (BenchFailure e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage(), e);
    }
    out.print(MarkdownReport.render(results));
    out.flush();
    List<Path> written;
    try {
      written = ReportFiles.write(results, output);
    } catch (UncheckedIOException e) {
      throw new CommandFailure(
          ExitCodes.INVALID,
          "cannot write the reports to " + output + ": " + IoReason.of(e.getCause()),
          e);
    }
    err.println(
        spec.qualifiedName()
            + ": wrote "
            + written.size()
            + " files to "
            + output
            + " ("
            + ReportFiles.MARKDOWN
            + ", "
            + ReportFiles.LATENCY_CSV
            + ", "
            + ReportFiles.COLD_START_CSV
            + " and "
            + (written.size() - 3)
            + " charts)");
    if (results.storeErrors() > 0) {
      err.println(
          spec.qualifiedName()
              + ": "
              + results.storeErrors()
              + " decisions failed closed because a store failed (STORE_ERROR)");
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private BenchWorkload workload() {
    if (trace == null) {
      return new SyntheticNode(seed);
    }
    try {
      return TraceWorkload.of(
          trace.toString(), TraceParser.parse(TraceFile.readLines(trace)), seed);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCodes.INVALID, trace + ": no such file", e);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCodes.INVALID, trace + ": cannot read (" + IoReason.of(e) + ")", e);
    } catch (TraceFormatException | IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.INVALID, trace + ": " + e.getMessage(), e);
    }
  }

  private BenchPlan plan(BenchWorkload workload) {
    BenchOptions.Preset preset = full ? BenchOptions.FULL : BenchOptions.QUICK;
    List<Integer> storeSizes =
        sizes != null ? BenchOptions.recordCounts("--sizes", sizes, false) : preset.sizes();
    List<Integer> coldStoreSizes =
        coldSizes != null
            ? BenchOptions.recordCounts("--cold-sizes", coldSizes, true)
            : sizes != null ? storeSizes : preset.coldSizes();
    try {
      return new BenchPlan(
          workload,
          adapters != null ? adapters : Arrays.asList(StoreAdapter.values()),
          storeSizes,
          threads != null ? threads : preset.threads(),
          new LatencyRun.Phases(
              warmup != null ? warmup : preset.warmup(),
              measure != null ? measure : preset.measure(),
              decisions),
          coldStoreSizes,
          coldRuns != null ? coldRuns : preset.coldRuns(),
          seed);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.INVALID, "invalid benchmark: " + e.getMessage(), e);
    }
  }

  /** Creates the output directory before the run, so that a bad one fails at once. */
  private void createOutput() {
    try {
      Files.createDirectories(output);
      if (!Files.isWritable(output)) {
        throw new CommandFailure(ExitCodes.INVALID, "cannot write the reports to " + output);
      }
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCodes.INVALID, "cannot create " + output + ": " + IoReason.of(e), e);
    }
  }
}
