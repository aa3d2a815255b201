package dev.pullgate.error;

/**
 * A store could not read or write records: an I/O failure, damaged data, a full map, or a store
 * that is closed. Decisions that meet it fail closed.
 */
public class StoreException extends PullGateException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
