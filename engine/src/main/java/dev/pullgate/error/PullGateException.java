package dev.pullgate.error;

/**
 * The root of every exception Pullgate throws: a failure or a misuse that the caller may want to
 * tell apart from its own errors.
 *
 * <p>Messages never contain raw credentials.
 */
public class PullGateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PullGateException(String message) {
    super(message);
  }

  public PullGateException(String message, Throwable cause) {
    super(message, cause);
  }
}
