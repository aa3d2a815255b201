package dev.pullgate.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.bench.harness.BenchPlan;
import dev.pullgate.bench.harness.BenchResults;
import dev.pullgate.bench.harness.ColdStartResult;
import dev.pullgate.bench.harness.ColdStartSample;
import dev.pullgate.bench.harness.LatencyResult;
import dev.pullgate.bench.harness.LatencyRun;
import dev.pullgate.bench.harness.Machine;
import dev.pullgate.bench.harness.StoreAdapter;
import dev.pullgate.bench.harness.SyntheticNode;
import dev.pullgate.bench.simulate.LatencySummary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports of a run with known figures: every cell in every file, the figures as measured. */
class ReportFilesTest {
  private static final List<StoreAdapter> ADAPTERS =
      List.of(StoreAdapter.PULLGATE_CACHED, StoreAdapter.KUBELET_NO_LRU);

  @TempDir static Path dir;

  /** Every file written, once for all the tests: drawing charts takes a while. */
  private static List<Path> written;

  @BeforeAll
  static void writeReports() {
    written = ReportFiles.write(results(), dir);
  }

  private static BenchResults results() {
    BenchPlan plan =
        new BenchPlan(
            new SyntheticNode(3),
            ADAPTERS,
            List.of(1_000, 10_000),
            List.of(1, 2),
            new LatencyRun.Phases(Duration.ofMillis(500), Duration.ofSeconds(2), 0),
            List.of(1_000, 10_000),
            3,
            3);
    List<LatencyResult> latency = new ArrayList<>();
    for (int records : plan.sizes()) {
      for (StoreAdapter adapter : ADAPTERS) {
        for (int threads : plan.threads()) {
          long base = adapter.isKubelet() ? 50_000 : 1_000;
          latency.add(
              new LatencyResult(
                  adapter,
                  records,
                  threads,
                  new LatencySummary(4_000, base, 2 * base, 5 * base, 9 * base, 30 * base),
                  Duration.ofSeconds(2),
                  7,
                  0));
        }
      }
    }
    List<ColdStartResult> cold = new ArrayList<>();
    for (int records : plan.coldSizes()) {
      cold.add(
          new ColdStartResult(
              StoreAdapter.PULLGATE_CACHED,
              records,
              3,
              new ColdStartSample(80_000_000, 150_000_000, 120, 9_000_000, 6, 245_500_000)));
      cold.add(
          new ColdStartResult(
              StoreAdapter.KUBELET_LRU,
              records,
              3,
              new ColdStartSample(80_000_000, records * 40_000L, -1, 2_000_000, -1, 400_000_000)));
    }
    return new BenchResults(
        plan,
        new Machine(2, "Test VM 17", "Linux 6 amd64", 1L << 30),
        latency,
        cold,
        List.of("a note"),
        Duration.ofSeconds(61));
  }

  @Test
  void latencyCsv_hasItsColumns_andARowPerAdapterSizeAndThreads() throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(ReportFiles.LATENCY_CSV));
    assertThat(lines.get(0).split(",")).containsExactlyElementsOf(CsvReport.LATENCY_COLUMNS);
    assertThat(lines).hasSize(1 + 2 * 2 * 2);
    assertThat(lines)
        .contains(
            "pullgate-cached,1000,1,4000,2.000,2000.0,1000,2000,5000,9000,30000,7,0",
            "kubelet-nolru,10000,2,4000,2.000,2000.0,50000,100000,250000,450000,1500000,7,0");
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line.split(",", -1)).hasSize(CsvReport.LATENCY_COLUMNS.size());
    }
  }

  @Test
  void coldStartCsv_inMilliseconds_withUnknownClassLoadingLeftEmpty() throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(ReportFiles.COLD_START_CSV));
    assertThat(lines.get(0).split(",")).containsExactlyElementsOf(CsvReport.COLD_START_COLUMNS);
    assertThat(lines)
        .containsExactly(
            lines.get(0),
            "pullgate-cached,1000,3,80.000,150.000,120,9.000,6,245.500",
            "kubelet-lru,1000,3,80.000,40.000,,2.000,,400.000",
            "pullgate-cached,10000,3,80.000,150.000,120,9.000,6,245.500",
            "kubelet-lru,10000,3,80.000,400.000,,2.000,,400.000");
  }

  @Test
  void markdown_hasARowPerCell_andPerColdStart() throws IOException {
    String report = Files.readString(dir.resolve(ReportFiles.MARKDOWN));
    assertThat(report)
        .startsWith("# Pullgate bench\n")
        .contains("- cells: 500 ms warm-up, then 2 s measured; stores of 1,000, 10,000 records")
        .contains("- machine: 2 processors, Test VM 17, Linux 6 amd64, heap up to 1.0 GiB")
        .contains(
            "| pullgate-cached | 1,000 | 1 | 4,000 | 2,000 | 1.0 µs | 2.0 µs | 5.0 µs | 9.0 µs"
                + " | 30.0 µs | 7 | 0 |")
        .contains(
            "| kubelet-nolru | 10,000 | 2 | 4,000 | 2,000 | 50.0 µs | 100.0 µs | 250.0 µs |"
                + " 450.0 µs | 1.50 ms | 7 | 0 |")
        .contains(
            "| pullgate-cached | 10,000 | 80.00 ms | 150.00 ms | 120 ms | 9.00 ms | 6 ms |"
                + " 245.50 ms |")
        .contains("| kubelet-lru | 1,000 | 80.00 ms | 40.00 ms | n/a | 2.00 ms | n/a | 400.00 ms |")
        .contains("- a note\n");
    assertThat(
            report
                .lines()
                .filter(l -> l.matches("\\| (pullgate|kubelet)[^|]* \\| [0-9,]+ \\| [12] \\|.*")))
        .hasSize(8);
  }

  @Test
  void charts_arePngsOfTheAnnouncedSize() throws IOException {
    List<String> charts =
        written.stream()
            .map(p -> p.getFileName().toString())
            .filter(name -> name.endsWith(".png"))
            .toList();
    assertThat(charts)
        .containsExactlyInAnyOrder(
            "latency-pullgate-cached-1t.png",
            "latency-kubelet-nolru-1t.png",
            "latency-p50-1t.png",
            "latency-p99-1t.png",
            "latency-pullgate-cached-2t.png",
            "latency-kubelet-nolru-2t.png",
            "latency-p50-2t.png",
            "latency-p99-2t.png",
            "cold-start.png");
    for (String chart : charts) {
      BufferedImage image = ImageIO.read(dir.resolve(chart).toFile());
      assertThat(image).as(chart).isNotNull();
      assertThat(image.getWidth()).as(chart).isEqualTo(ChartReport.WIDTH);
      assertThat(image.getHeight()).as(chart).isEqualTo(ChartReport.HEIGHT);
    }
  }
}
