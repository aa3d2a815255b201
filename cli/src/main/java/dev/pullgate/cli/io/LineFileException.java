package dev.pullgate.cli.io;

/**
 * A text file that {@link LineFile} refuses: a line that is not valid UTF-8, a line longer than the
 * limit, or a file larger than the limit. The message names the line's problem, not its content;
 * the caller adds the file's name.
 */
public final class LineFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  LineFileException(int line, String message) {
    super(message);
    this.line = line;
  }

  /** The 1-based line at which reading stopped. */
  public int line() {
    return line;
  }
}
