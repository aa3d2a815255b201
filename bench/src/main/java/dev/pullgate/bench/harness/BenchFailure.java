package dev.pullgate.bench.harness;

/**
 * A benchmark could not be run as planned: an engine would not open, a child JVM failed, or a cold
 * start decided otherwise than its store says. The message says what and where.
 */
public final class BenchFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public BenchFailure(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public BenchFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
