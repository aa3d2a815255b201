package dev.pullgate.bench.report;

import dev.pullgate.bench.harness.BenchResults;
import dev.pullgate.bench.harness.ColdStartResult;
import dev.pullgate.bench.harness.LatencyResult;
import dev.pullgate.bench.harness.StoreAdapter;
import dev.pullgate.bench.simulate.LatencySummary;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the charts of {@link BenchResults} as PNG files with XChart, both axes logarithmic (store
 * sizes span decades, and so do latencies): per adapter and thread count, the latency percentiles
 * against store size; per thread count, the median and the 99th percentile of every adapter against
 * store size; and the cold start time of each store against its size.
 */
public final class ChartReport {
  /** The width of every chart, in pixels. */
  public static final int WIDTH = 900;

  /** The height of every chart, in pixels. */
  public static final int HEIGHT = 560;

  private static final String RECORDS = "records in the store";
  private static final String MICROS = "decision latency (µs)";

  private ChartReport() {}

  /** A percentile's name and how to read it from a summary. */
  private record Percentile(String name, ToLongFunction<LatencySummary> value) {}

  private static final List<Percentile> PERCENTILES =
      List.of(
          new Percentile("p50", LatencySummary::p50),
          new Percentile("p90", LatencySummary::p90),
          new Percentile("p99", LatencySummary::p99),
          new Percentile("p99.9", LatencySummary::p999),
          new Percentile("max", LatencySummary::max));

  /**
   * Writes every chart of {@code results} into {@code dir}, which must exist.
   *
   * @return the files written, in order
   * @throws UncheckedIOException when a file cannot be written
   */
  public static List<Path> write(BenchResults results, Path dir) {
    List<Path> written = new ArrayList<>();
    List<Integer> threadCounts = results.plan().threads();
    for (int threads : threadCounts) {
      for (StoreAdapter adapter : results.plan().adapters()) {
        written.add(
            save(
                percentiles(results, adapter, threads),
                dir,
                "latency-" + adapter + "-" + threads + "t"));
      }
      written.add(
          save(
              byAdapter(results, threads, PERCENTILES.get(0)),
              dir,
              "latency-p50-" + threads + "t"));
      written.add(
          save(
              byAdapter(results, threads, PERCENTILES.get(2)),
              dir,
              "latency-p99-" + threads + "t"));
    }
    if (!results.coldStarts().isEmpty()) {
      written.add(save(coldStarts(results), dir, "cold-start"));
    }
    return written;
  }

  private static XYChart percentiles(BenchResults results, StoreAdapter adapter, int threads) {
    XYChart chart =
        chart(adapter + ", " + threadsText(threads) + ": decision latency by store size", MICROS);
    List<LatencyResult> cells = cells(results, adapter, threads);
    for (Percentile p : PERCENTILES) {
      addSeries(chart, p.name(), sizes(cells), micros(cells, p.value()));
    }
    return chart;
  }

  private static XYChart byAdapter(BenchResults results, int threads, Percentile p) {
    XYChart chart =
        chart(p.name() + " decision latency by store size, " + threadsText(threads), MICROS);
    for (StoreAdapter adapter : results.plan().adapters()) {
      List<LatencyResult> cells = cells(results, adapter, threads);
      addSeries(chart, adapter.id(), sizes(cells), micros(cells, p.value()));
    }
    return chart;
  }

  private static XYChart coldStarts(BenchResults results) {
    XYChart chart =
        chart("cold start: a fresh JVM opens the store and answers one decision", "time (ms)");
    for (StoreAdapter adapter : results.plan().coldStartAdapters()) {
      List<ColdStartResult> runs =
          results.coldStarts().stream().filter(r -> r.adapter() == adapter).toList();
      if (runs.isEmpty()) {
        continue;
      }
      double[] sizes = runs.stream().mapToDouble(ColdStartResult::records).toArray();
      addSeries(
          chart,
          adapter + ": launch to answer",
          sizes,
          runs.stream().mapToDouble(r -> millis(r.median().total())).toArray());
      addSeries(
          chart,
          adapter + ": open + first decision",
          sizes,
          runs.stream()
              .mapToDouble(r -> millis(r.median().open() + r.median().firstDecision()))
              .toArray());
    }
    return chart;
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(RECORDS)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    return chart;
  }

  private static void addSeries(XYChart chart, String name, double[] x, double[] y) {
    if (x.length == 0) {
      return;
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.CIRCLE);
  }

  private static List<LatencyResult> cells(
      BenchResults results, StoreAdapter adapter, int threads) {
    return results.latency().stream()
        .filter(r -> r.adapter() == adapter && r.threads() == threads)
        .toList();
  }

  private static double[] sizes(List<LatencyResult> cells) {
    return cells.stream().mapToDouble(LatencyResult::records).toArray();
  }

  /** The values in microseconds, at least a thousandth so that a log axis can show them. */
  private static double[] micros(List<LatencyResult> cells, ToLongFunction<LatencySummary> value) {
    return cells.stream()
        .mapToDouble(r -> Math.max(value.applyAsLong(r.latency()) / 1e3, 1e-3))
        .toArray();
  }

  private static double millis(long nanos) {
    return Math.max(nanos / 1e6, 1e-3);
  }

  private static String threadsText(int threads) {
    return threads + (threads == 1 ? " thread" : " threads");
  }

  private static Path save(XYChart chart, Path dir, String name) {
    Path file = dir.resolve(name + ".png");
    try {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart " + file, e);
    }
    return file;
  }
}
