package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreException;
import dev.pullgate.error.StoreLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The directory of an LMDB store: its files, their permissions (directory 0700, files 0600, since
 * records name the node's secrets), and the writer lock that admits one writing process.
 */
final class StoreDirectory {
  static final String DATA_FILE = "data.mdb";
  static final String LMDB_LOCK_FILE = "lock.mdb";
  static final String WRITER_LOCK_FILE = "pullgate.lock";

  /** The mode LMDB creates its files with: 0600. */
  static final int FILE_MODE = 0600;

  static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-------");

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private StoreDirectory() {}

  /**
   * Creates {@code dir} (0700) if needed, restricts it and any store files already in it to 0700
   * and 0600, and returns its real path.
   */
  static Path prepareForWriting(Path dir) {
    try {
      if (POSIX) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
        restrict(dir, DIRECTORY_PERMISSIONS);
        for (String file :
            List.of(DATA_FILE, LMDB_LOCK_FILE, WRITER_LOCK_FILE, StoreIdentity.FILE)) {
          Path path = dir.resolve(file);
          if (Files.exists(path)) {
            restrict(path, FILE_PERMISSIONS);
          }
        }
      } else {
        Files.createDirectories(dir);
      }
      return dir.toRealPath();
    } catch (IOException e) {
      throw new StoreException("cannot prepare the store directory " + dir + ": " + e, e);
    }
  }

  /**
   * The real path of an existing store at {@code dir}, for a read-only open: one with a data file
   * or an identity file (then {@link StoreOpening} decides).
   */
  static Path requireStore(Path dir) {
    if (!Files.isRegularFile(dir.resolve(DATA_FILE))
        && !Files.exists(dir.resolve(StoreIdentity.FILE))) {
      throw new StoreException("no Pullgate store at " + dir + " (no " + DATA_FILE + ")");
    }
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new StoreException("cannot resolve the store directory " + dir + ": " + e, e);
    }
  }

  /**
   * Takes the exclusive writer lock of the store at {@code dir}. A lock this JVM already holds is
   * refused before the lock file is opened: see {@link HeldWriterLocks} for why.
   *
   * @throws StoreException naming the lock file when another process, or another store in this JVM,
   *     holds it
   */
  static WriterLock lockForWriting(Path dir) {
    Path path = dir.resolve(WRITER_LOCK_FILE);
    Path key;
    try {
      key = HeldWriterLocks.key(path);
    } catch (IOException e) {
      throw new StoreException("cannot lock " + path + ": " + e, e);
    }
    if (!HeldWriterLocks.reserve(key)) {
      throw alreadyOpenInThisJvm(dir, path, null);
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              path,
              Set.of(
                  StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              fileAttributes());
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StoreLockedException(
            "store at " + dir + " is open for writing by another process (lock file " + path + ")",
            path,
            null);
      }
      return new WriterLock(channel, lock, key);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      HeldWriterLocks.release(key);
      throw alreadyOpenInThisJvm(dir, path, e);
    } catch (IOException e) {
      closeQuietly(channel);
      HeldWriterLocks.release(key);
      throw new StoreException("cannot lock " + path + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      HeldWriterLocks.release(key);
      throw e;
    }
  }

  private static StoreLockedException alreadyOpenInThisJvm(Path dir, Path path, Exception cause) {
    return new StoreLockedException(
        "store at " + dir + " is already open for writing in this JVM (lock file " + path + ")",
        path,
        cause);
  }

  /** The attributes to create a store file with: mode 0600 where the file system has modes. */
  static FileAttribute<?>[] fileAttributes() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
        : new FileAttribute<?>[0];
  }

  private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (!Files.getPosixFilePermissions(path).equals(permissions)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing was locked through this channel; the open failure is what the caller needs.
      }
    }
  }

  /**
   * The held writer lock; closing it lets another writer open the store.
   *
   * @param key the lock file's entry in {@link HeldWriterLocks}
   */
  record WriterLock(FileChannel channel, FileLock lock, Path key) implements AutoCloseable {
    @Override
    public synchronized void close() {
      if (!channel.isOpen()) {
        return;
      }
      try {
        channel.close();
      } catch (IOException e) {
        throw new StoreException("cannot release the writer lock: " + e, e);
      } finally {
        HeldWriterLocks.release(key);
      }
    }
  }
}
