package dev.pullgate.error;

/**
 * A call reached a store, or an engine, after it was closed. It signals a misuse in the caller's
 * shutdown order, not damage: nothing was read or written.
 */
public final class StoreClosedException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** A call after close; the message is always {@code "store is closed"}. */
  public StoreClosedException() {
    super("store is closed");
  }
}
