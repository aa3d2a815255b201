package dev.pullgate.cli;

import dev.pullgate.bench.simulate.SimulationProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for {@code pullgate simulate}, redrawn in place with a carriage return on
 * standard error, so that standard output holds only the report. It redraws only when the shown
 * percentage changes and ends its line once, at 100% or on {@link #close()}.
 */
final class ProgressBar implements SimulationProgress, AutoCloseable {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private int shownPercent = -1;
  private boolean lineOpen;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void progress(long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
    if (percent == shownPercent) {
      return;
    }
    shownPercent = percent;
    int filled = percent * WIDTH / 100;
    err.print(
        String.format(
            Locale.ROOT,
            "\rsimulating [%s%s] %3d%%  %,d/%,d pod starts",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            percent,
            done,
            total));
    lineOpen = true;
    if (percent == 100) {
      endLine();
    }
    err.flush();
  }

  /** Ends a bar left unfinished (the simulation failed), so later messages start a fresh line. */
  @Override
  public void close() {
    endLine();
    err.flush();
  }

  private void endLine() {
    if (lineOpen) {
      err.println();
      lineOpen = false;
    }
  }
}
