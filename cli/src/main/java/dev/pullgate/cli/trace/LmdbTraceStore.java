package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateStores;
import dev.pullgate.StoreKind;
import dev.pullgate.store.PullRecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A replay store on the engine's default stack (the Caffeine cache over write-behind over LMDB) in
 * a directory: a restart really closes the store and opens it again from disk.
 *
 * <p>A temporary store lives in a new {@code 0700} directory that {@link #close()} deletes; a kept
 * store lives in a directory the user named and stays.
 */
public final class LmdbTraceStore implements TraceStore {
  private final Path directory;
  private final boolean temporary;

  private LmdbTraceStore(Path directory, boolean temporary) {
    this.directory = directory;
    this.temporary = temporary;
  }

  /** A store in a fresh temporary directory, deleted when the replay ends. */
  public static LmdbTraceStore temporary() {
    try {
      Path dir =
          Files.createTempDirectory(
              "pullgate-replay-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return new LmdbTraceStore(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary store directory", e);
    }
  }

  /** A store in {@code directory}, created if needed and kept after the replay. */
  public static LmdbTraceStore kept(Path directory) {
    return new LmdbTraceStore(directory, false);
  }

  /** The directory that holds the store. */
  public Path directory() {
    return directory;
  }

  @Override
  public PullRecordStore open(PullGateConfig config) {
    return PullGateStores.open(
        config.toBuilder().storeKind(StoreKind.LMDB).storePath(directory).build());
  }

  @Override
  public PullRecordStore reopen(PullGateConfig config) {
    return open(config);
  }

  @Override
  public void close() {
    if (!temporary) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary store " + directory, e);
    }
  }
}
