package dev.pullgate.bench.report;

import dev.pullgate.bench.harness.BenchResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every report of a benchmark run into one directory: {@value #MARKDOWN}, {@value
 * #LATENCY_CSV}, {@value #COLD_START_CSV} and the charts ({@link ChartReport}), replacing files of
 * the same names.
 */
public final class ReportFiles {
  /** The Markdown report. */
  public static final String MARKDOWN = "report.md";

  /** The decision latency CSV. */
  public static final String LATENCY_CSV = "latency.csv";

  /** The cold start CSV. */
  public static final String COLD_START_CSV = "cold-start.csv";

  private ReportFiles() {}

  /**
   * Writes the reports of {@code results} into {@code dir}, created when absent.
   *
   * @return every file written, the Markdown report first
   * @throws UncheckedIOException when the directory or a file cannot be written
   */
  public static List<Path> write(BenchResults results, Path dir) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      written.add(write(dir.resolve(MARKDOWN), MarkdownReport.render(results)));
      written.add(write(dir.resolve(LATENCY_CSV), CsvReport.latency(results)));
      written.add(write(dir.resolve(COLD_START_CSV), CsvReport.coldStart(results)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    written.addAll(ChartReport.write(results, dir));
    return written;
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
