package dev.pullgate.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes the scratch stores of a benchmark once they are measured. */
final class Directories {
  private Directories() {}

  /**
   * Deletes {@code dir} and everything in it; nothing happens when it does not exist.
   *
   * @throws UncheckedIOException when something in it cannot be deleted
   */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : deepestFirst) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the benchmark store " + dir, e);
    }
  }
}
