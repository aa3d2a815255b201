package dev.pullgate.store.lmdb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The writer lock files that this JVM holds, by real path: the registry consulted before any open
 * of a lock file, so that a second open in a process that already holds the lock never opens the
 * file at all.
 *
 * <p>The writer lock is a POSIX record lock ({@code fcntl}), which belongs to the process, not to
 * the descriptor: closing <em>any</em> descriptor of the file releases every lock the process holds
 * on it. A refused second open that opened its own channel on the lock file and closed it would
 * silently hand the store to the next process that asks. Resolving the real path opens nothing, so
 * the check is safe to make before the open.
 */
final class HeldWriterLocks {
  private static final Set<Path> HELD = new HashSet<>();

  private HeldWriterLocks() {}

  /**
   * The key of {@code lockFile}: its real path, which is its directory's real path and its name,
   * since the lock file is opened without following a symbolic link. Opens nothing.
   */
  static Path key(Path lockFile) throws IOException {
    return lockFile.toAbsolutePath().getParent().toRealPath().resolve(lockFile.getFileName());
  }

  /**
   * Marks {@code key} held by this JVM, unless it is already.
   *
   * @return false when this JVM already holds (or is taking) the lock: then do not open the file
   */
  static synchronized boolean reserve(Path key) {
    return HELD.add(key);
  }

  /** Forgets {@code key}, once its lock is released or was never taken. */
  static synchronized void release(Path key) {
    HELD.remove(key);
  }
}
