package dev.pullgate.cli;

import dev.pullgate.bench.harness.BenchProgress;
import dev.pullgate.bench.simulate.SimulationProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for long commands ({@code simulate}, {@code bench}), redrawn in place
 * with a carriage return on standard error, so that standard output holds only the report: a verb,
 * the bar and its percentage, the counts in a unit when the bar has one, and the current step when
 * the command names one. It redraws only when what it shows changes and ends its line once, at 100%
 * or on {@link #close()}.
 */
final class ProgressBar implements SimulationProgress, BenchProgress, AutoCloseable {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String verb;
  private final String unit;
  private String step = "";
  private long done;
  private long total = 1;
  private int shownPercent = -1;
  private String shownStep = "";
  private int shownLength;
  private boolean lineOpen;

  /** The bar of {@code pullgate simulate}: {@code simulating […] 42% 10,500/25,000 pod starts}. */
  ProgressBar(PrintWriter err) {
    this(err, "simulating", "pod starts");
  }

  /**
   * A bar that starts with {@code verb} and shows the counts in {@code unit}, or no counts when
   * {@code unit} is null.
   */
  ProgressBar(PrintWriter err, String verb, String unit) {
    this.err = err;
    this.verb = verb;
    this.unit = unit;
  }

  @Override
  public void progress(long done, long total) {
    this.done = done;
    this.total = total;
    draw();
  }

  /** Shows {@code description} after the bar from now on. */
  @Override
  public void step(String description) {
    this.step = description;
    draw();
  }

  /** Ends a bar left unfinished (the command failed), so later messages start a fresh line. */
  @Override
  public void close() {
    endLine();
    err.flush();
  }

  private void draw() {
    int percent = total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
    if (percent == shownPercent && step.equals(shownStep)) {
      return;
    }
    shownPercent = percent;
    shownStep = step;
    int filled = percent * WIDTH / 100;
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s [%s%s] %3d%%",
                verb,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                percent));
    if (unit != null) {
      line.append(String.format(Locale.ROOT, "  %,d/%,d %s", done, total, unit));
    }
    if (!step.isEmpty()) {
      line.append("  ").append(step);
    }
    int length = line.length();
    // Blanks over what a longer previous line left behind.
    line.append(" ".repeat(Math.max(0, shownLength - length)));
    shownLength = length;
    err.print("\r" + line);
    lineOpen = true;
    if (percent == 100) {
      endLine();
    }
    err.flush();
  }

  private void endLine() {
    if (lineOpen) {
      err.println();
      lineOpen = false;
      shownLength = 0;
    }
  }
}
