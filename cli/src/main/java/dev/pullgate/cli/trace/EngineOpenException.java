package dev.pullgate.cli.trace;

/**
 * The engine could not be opened for a replay, at its start or at a {@code restart}: the replay
 * stops there.
 */
public final class EngineOpenException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  /** The engine failed to open at {@code line}, or before the first line when it is 0. */
  public EngineOpenException(int line, Throwable cause) {
    super(
        (line == 0
                ? "the engine could not be opened"
                : "line " + line + ": the engine could not be reopened")
            + ": "
            + describe(cause),
        cause);
    this.line = line;
  }

  /** The line of the {@code restart} that failed, or 0 when the first open failed. */
  public int line() {
    return line;
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
