package dev.pullgate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh private directory ({@code 0700}) under the system's temporary directory, deleted with
 * everything in it on {@link #close()}, or when the JVM exits first (Ctrl-C).
 */
final class TemporaryDirectory implements AutoCloseable {
  private final Path path;
  private final Thread deleteOnExit;

  private TemporaryDirectory(Path path) {
    this.path = path;
    this.deleteOnExit = new Thread(this::deleteQuietly, "pullgate-delete-" + path.getFileName());
    Runtime.getRuntime().addShutdownHook(deleteOnExit);
  }

  /** Creates a directory whose name starts with {@code prefix}. */
  static TemporaryDirectory create(String prefix) {
    try {
      Path path =
          FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
              ? Files.createTempDirectory(
                  prefix,
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rwx------")))
              : Files.createTempDirectory(prefix);
      return new TemporaryDirectory(path);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCodes.INVALID, "cannot create a temporary directory: " + e.getMessage(), e);
    }
  }

  /** The directory. */
  Path path() {
    return path;
  }

  /** Deletes the directory and everything in it. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(deleteOnExit);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook deletes the directory.
      return;
    }
    delete();
  }

  private void delete() {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : deepestFirst) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary directory " + path, e);
    }
  }

  private void deleteQuietly() {
    try {
      delete();
    } catch (UncheckedIOException e) {
      // Nothing to report to at exit; the directory is private and in the temporary directory.
    }
  }
}
