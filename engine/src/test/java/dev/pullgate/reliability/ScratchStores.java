package dev.pullgate.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directories for the stores the reliability suites create by the hundred: in {@code /dev/shm} when
 * it is a writable tmpfs, so that LMDB's synchronous commits cost no disk flush, else under the
 * JVM's temporary directory. A killed process leaves its files in the page cache either way, so the
 * crash suite loses nothing by it: what it tests is what the engine committed before the kill.
 */
final class ScratchStores {
  private static final Path SHM = Path.of("/dev/shm");

  private ScratchStores() {}

  /** A new, empty directory whose name starts with {@code prefix}. */
  static Path create(String prefix) {
    try {
      if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
        return Files.createTempDirectory(SHM, prefix);
      }
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it; a directory already gone is fine. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
