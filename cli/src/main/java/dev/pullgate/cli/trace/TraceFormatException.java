package dev.pullgate.cli.trace;

/**
 * A trace that does not follow the trace format: an unknown op, an unknown or missing field, a
 * value of the wrong type or form, or a config in the wrong place. Names the line and the field;
 * never echoes a value that could be a credential or a credential hash.
 */
public final class TraceFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  /** An error on {@code line} (1-based) described by {@code message}. */
  public TraceFormatException(int line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  /** The 1-based line of the trace that is malformed. */
  public int line() {
    return line;
  }
}
