package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateStores;
import dev.pullgate.StoreKind;
import dev.pullgate.cli.TemporaryDirectory;
import dev.pullgate.store.PullRecordStore;
import java.nio.file.Path;

/**
 * A replay store on the engine's default stack (the Caffeine cache over write-behind over LMDB) in
 * a directory: a restart really closes the store and opens it again from disk.
 *
 * <p>A temporary store lives in a new {@code 0700} directory that {@link #close()} deletes; a kept
 * store lives in a directory the user named and stays.
 */
public final class LmdbTraceStore implements TraceStore {
  private final Path directory;
  private final TemporaryDirectory temporary;

  private LmdbTraceStore(Path directory, TemporaryDirectory temporary) {
    this.directory = directory;
    this.temporary = temporary;
  }

  /** A store in a fresh temporary directory, deleted when the replay ends. */
  public static LmdbTraceStore temporary() {
    TemporaryDirectory temporary = TemporaryDirectory.create("pullgate-replay-");
    return new LmdbTraceStore(temporary.path(), temporary);
  }

  /** A store in {@code directory}, created if needed and kept after the replay. */
  public static LmdbTraceStore kept(Path directory) {
    return new LmdbTraceStore(directory, null);
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
    if (temporary != null) {
      temporary.close();
    }
  }
}
