package dev.pullgate.error;

/**
 * A store could not read or write records: an I/O failure, damaged data, a full map, or a store
 * that is closed. Decisions that meet it fail closed.
 */
public class StoreException extends PullGateException {
  private static final long serialVersionUID = 1L;

  /**
   * A store failure described by {@code message}.
   *
   * @param message what failed, naming keys and files, never a credential
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * A store failure described by {@code message}.
   *
   * @param message what failed, naming keys and files, never a credential
   * @param cause the failure underneath, kept for the stack trace
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
