package dev.pullgate.error;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A store could not be opened for writing because another writer holds it: another process (a
 * running node agent) or another store in this JVM. Retry once that writer has closed the store, or
 * open it read-only instead.
 */
public final class StoreLockedException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final transient Path lockFile;

  /**
   * The store whose writer lock is {@code lockFile} is held by another writer.
   *
   * @param message which store, and who holds it when that is known
   * @param lockFile the writer lock file that the other writer holds
   * @param cause the failure to take the lock, or null
   */
  public StoreLockedException(String message, Path lockFile, Throwable cause) {
    super(message, cause);
    this.lockFile = Objects.requireNonNull(lockFile, "lockFile");
  }

  /** {@return the writer lock file that the other writer holds} */
  public Path lockFile() {
    return lockFile;
  }
}
