package dev.pullgate.error;

/**
 * The root of every exception Pullgate throws: a failure or a misuse that the caller may want to
 * tell apart from its own errors.
 *
 * <p>Messages never contain raw credentials.
 */
public class PullGateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure or misuse described by {@code message}.
   *
   * @param message what failed, naming keys and files, never a credential
   */
  public PullGateException(String message) {
    super(message);
  }

  /**
   * A failure or misuse described by {@code message}.
   *
   * @param message what failed, naming keys and files, never a credential
   * @param cause the failure underneath, kept for the stack trace
   */
  public PullGateException(String message, Throwable cause) {
    super(message, cause);
  }
}
