package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.bench.report.ChartReport;
import dev.pullgate.bench.report.CsvReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code pullgate bench} end to end on stores small enough for the default build: every adapter,
 * two sizes, one and two threads, cold starts in real child JVMs, and every report checked for what
 * it must hold. Nothing here judges the figures themselves: that is the benchmark's job.
 */
class BenchCommandTest {
  private static final List<String> ADAPTERS =
      List.of("pullgate-cached", "pullgate-lmdb", "kubelet-lru", "kubelet-nolru");

  @TempDir Path dir;

  private static Path trace(String name) throws URISyntaxException {
    return Path.of(BenchCommandTest.class.getResource("/traces/" + name).toURI());
  }

  @Test
  void tinyRun_writesEveryReport_withACellPerAdapterSizeAndThreadCount() throws IOException {
    Path out = dir.resolve("results");
    CliRun run =
        CliRun.of(
            "bench",
            "--sizes",
            "100,200",
            "--threads",
            "1,2",
            "--warmup",
            "50ms",
            "--measure",
            "2s",
            "--decisions",
            "200",
            "--cold-sizes",
            "100",
            "--cold-runs",
            "1",
            "--output",
            out.toString(),
            "--progress");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .startsWith("\rbenchmarking [")
        .contains("] 100%")
        .endsWith(
            "pullgate bench: wrote 16 files to "
                + out
                + " (report.md, latency.csv, cold-start.csv and 13 charts)\n");
    assertThat(run.out()).startsWith("# Pullgate bench\n").doesNotContain("benchmarking [");
    assertThat(Files.readString(out.resolve("report.md"))).isEqualTo(run.out());

    List<String> latency = Files.readAllLines(out.resolve("latency.csv"));
    assertThat(latency.get(0).split(",")).containsExactlyElementsOf(CsvReport.LATENCY_COLUMNS);
    Set<String> cells = new HashSet<>();
    for (String row : latency.subList(1, latency.size())) {
      String[] f = row.split(",", -1);
      assertThat(f).hasSize(CsvReport.LATENCY_COLUMNS.size());
      cells.add(f[0] + "/" + f[1] + "/" + f[2]);
      long decisions = Long.parseLong(f[3]);
      assertThat(decisions).as(row).isPositive().isLessThanOrEqualTo(200L * Integer.parseInt(f[2]));
      long[] percentiles = {
        Long.parseLong(f[6]),
        Long.parseLong(f[7]),
        Long.parseLong(f[8]),
        Long.parseLong(f[9]),
        Long.parseLong(f[10])
      };
      assertThat(percentiles).as(row).isSorted();
      assertThat(percentiles[0]).as(row).isPositive();
      assertThat(f[12]).as("store errors in " + row).isEqualTo("0");
      assertThat(run.out())
          .contains(
              "| "
                  + f[0]
                  + " | "
                  + String.format("%,d", Integer.parseInt(f[1]))
                  + " | "
                  + f[2]
                  + " | ");
    }
    assertThat(latency).hasSize(1 + 16);
    for (String adapter : ADAPTERS) {
      for (String cell : List.of("100/1", "100/2", "200/1", "200/2")) {
        assertThat(cells).contains(adapter + "/" + cell);
      }
    }

    List<String> cold = Files.readAllLines(out.resolve("cold-start.csv"));
    assertThat(cold.get(0).split(",")).containsExactlyElementsOf(CsvReport.COLD_START_COLUMNS);
    assertThat(cold).hasSize(3);
    assertThat(cold.get(1)).startsWith("pullgate-cached,100,1,");
    assertThat(cold.get(2)).startsWith("kubelet-lru,100,1,");
    for (String row : cold.subList(1, cold.size())) {
      String[] f = row.split(",", -1);
      double jvmStart = Double.parseDouble(f[3]);
      double open = Double.parseDouble(f[4]);
      double decision = Double.parseDouble(f[6]);
      double total = Double.parseDouble(f[8]);
      assertThat(jvmStart).as(row).isPositive();
      assertThat(open).as(row).isPositive();
      assertThat(total).as(row).isGreaterThanOrEqualTo(jvmStart + open + decision);
    }

    List<String> charts;
    try (Stream<Path> files = Files.list(out)) {
      charts = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).toList();
    }
    assertThat(charts).hasSize(13).contains("cold-start.png", "latency-p99-2t.png");
    for (String adapter : ADAPTERS) {
      assertThat(charts)
          .contains("latency-" + adapter + "-1t.png", "latency-" + adapter + "-2t.png");
    }
    for (String chart : charts) {
      BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).as(chart).isEqualTo(ChartReport.WIDTH);
      assertThat(image.getHeight()).as(chart).isEqualTo(ChartReport.HEIGHT);
    }
  }

  @Test
  void traceRun_measuresTheTracesChecks_afterReplayingItsHistory() throws Exception {
    Path out = dir.resolve("trace");
    CliRun run =
        CliRun.of(
            "bench",
            "--trace",
            trace("basic-secret.trace").toString(),
            "--adapters",
            "pullgate-lmdb,kubelet-lru",
            "--sizes",
            "100",
            "--threads",
            "2",
            "--warmup",
            "0ms",
            "--measure",
            "2s",
            "--decisions",
            "100",
            "--cold-sizes",
            "none",
            "--output",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("- workload: trace ")
        .contains("basic-secret.trace: its ")
        .contains("| pullgate-lmdb | 100 | 2 | 200 |")
        .contains("| kubelet-lru | 100 | 2 | 200 |")
        .contains("- pullgate-lmdb, 100 records: the trace's expectations on replay: ")
        .doesNotContain("## Cold start");
    assertThat(run.out().lines().filter(l -> l.contains("expectations on replay")))
        .allMatch(l -> l.endsWith(" 0 failed"));
    assertThat(Files.readAllLines(out.resolve("cold-start.csv"))).hasSize(1);
  }

  static Stream<Arguments> badCommandLines() throws URISyntaxException {
    return Stream.of(
        Arguments.of(
            List.of("--sizes", "50"),
            "pullgate bench: invalid benchmark: sizes must be from 100 to 10,000,000 records,"
                + " was 50"),
        Arguments.of(
            List.of("--sizes", "1x"),
            "pullgate bench: --sizes takes record counts such as 1k,10k,100k (k for thousands, m"
                + " for millions); 1x is not one"),
        Arguments.of(
            List.of("--cold-sizes", "lots"),
            "pullgate bench: --cold-sizes takes record counts such as 1k,10k,100k (k for"
                + " thousands, m for millions), or none; lots is not one"),
        Arguments.of(
            List.of("--sizes", "200k"),
            "pullgate bench: invalid benchmark: sizes: kubelet-lru writes a file per record, at"
                + " most 100,000, and sizes holds 200,000; leave the kubelet adapters out for"
                + " larger stores"),
        Arguments.of(
            List.of("--threads", "0"),
            "pullgate bench: invalid benchmark: threads must be from 1 to 64, was 0"),
        Arguments.of(
            List.of("--sizes", "1k,1k"),
            "pullgate bench: invalid benchmark: sizes names 1000 twice"),
        Arguments.of(
            List.of("--adapters", "redis"),
            "Invalid value for option '--adapters' (ADAPTER): expected one of pullgate-cached,"
                + " pullgate-lmdb, kubelet-lru, kubelet-nolru"),
        Arguments.of(
            List.of("--warmup", "5x"),
            "Invalid value for option '--warmup': expected a duration such as 500ms, 10s or 2m"),
        Arguments.of(
            List.of("--measure", "0s"),
            "pullgate bench: invalid benchmark: measure must be positive, was 0 ms"),
        Arguments.of(
            List.of("--cold-runs", "0"),
            "pullgate bench: invalid benchmark: cold-runs must be from 1 to 100, was 0"),
        Arguments.of(
            List.of("--decisions", "-1"),
            "pullgate bench: invalid benchmark: decisions must not be negative, was -1"),
        Arguments.of(
            List.of("--trace", "no-such.trace"), "pullgate bench: no-such.trace: no such file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLine_exits2SayingWhy_beforeRunningAnything(List<String> args, String firstLine) {
    Path out = dir.resolve("never");
    List<String> command =
        Stream.concat(Stream.of("bench", "--output", out.toString()), args.stream()).toList();

    CliRun run = CliRun.of(command.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err().lines().findFirst()).contains(firstLine);
    assertThat(run.out()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void aTraceWithoutChecks_exits2() throws IOException {
    Path trace = dir.resolve("quiet.trace");
    Files.writeString(trace, "{\"op\":\"intent\",\"image\":\"registry.example/app:v1\"}\n");

    CliRun run =
        CliRun.of("bench", "--trace", trace.toString(), "--output", dir.resolve("o").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .isEqualTo(
            "pullgate bench: "
                + trace
                + ": the trace has no check op: there is nothing to measure\n");
  }

  @Test
  void anOutputThatIsAFile_exits2BeforeRunning() throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "x");

    CliRun run = CliRun.of("bench", "--output", file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).startsWith("pullgate bench: cannot create " + file + ": ");
    assertThat(run.out()).isEmpty();
  }
}
