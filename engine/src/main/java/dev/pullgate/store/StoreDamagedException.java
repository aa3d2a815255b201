package dev.pullgate.store;

/**
 * A store's files are damaged (truncated, overwritten, or inconsistent with each other), so the
 * store is not opened: opening it could crash the process inside LMDB, or take a store that existed
 * for a new, empty one, which would make every image look preloaded. The message names the file and
 * says what to do; nothing is changed on disk.
 */
public class StoreDamagedException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreDamagedException(String message) {
    super(message);
  }

  public StoreDamagedException(String message, Throwable cause) {
    super(message, cause);
  }
}
