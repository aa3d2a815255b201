package dev.pullgate.cli;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.error.PullGateException;
import dev.pullgate.error.StoreException;
import dev.pullgate.error.StoreLockedException;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens the store of an operator command, turning open failures into {@link CommandFailure}s.
 *
 * <p>Commands that only read open the store read-only, which is safe while a node agent writes it:
 * each read sees what the agent committed before it, and the agent never waits for the reader.
 * Commands that write take the store's writer lock, so they refuse to run beside a running agent
 * rather than write under it.
 */
final class StoreAccess {
  private StoreAccess() {}

  /** The existing store at {@code dir}, opened read-only. */
  static LmdbPullRecordStore openReadOnly(Path dir) {
    try {
      return LmdbPullRecordStore.openReadOnly(dir);
    } catch (StoreException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage(), e);
    }
  }

  /** The store at {@code dir}, created when absent, opened for writing with durable commits. */
  static LmdbPullRecordStore openForWriting(Path dir) {
    return writing(() -> LmdbPullRecordStore.open(dir));
  }

  /**
   * An engine over the existing store at {@code dir}, with the store's hash key file when it keeps
   * hashes under one ({@code hashKey} may be null); see {@link #openOrCreateEngine}.
   */
  static PullGate openEngine(Path dir, Path hashKey) {
    return openEngine(dir, hashKey, LmdbPullRecordStore::openExisting);
  }

  /**
   * An engine over the store at {@code dir}, created when absent: over the LMDB store alone,
   * without the node agent's write-behind layer, cache and background verification. A command
   * writes in a few durable commits of its own, and when one fails (a full disk), closing the
   * engine still releases the store, where write-behind would keep it open to retry.
   */
  static PullGate openOrCreateEngine(Path dir, Path hashKey) {
    return openEngine(dir, hashKey, LmdbPullRecordStore::open);
  }

  private static PullGate openEngine(
      Path dir, Path hashKey, Function<Path, LmdbPullRecordStore> openStore) {
    PullGateConfig.Builder builder = PullGateConfig.builder().storePath(dir);
    if (hashKey != null) {
      builder.hashKey(hashKey);
    }
    PullGateConfig config = builder.build();
    return writing(() -> PullGate.open(config, openStore.apply(dir), InstantSource.system()));
  }

  /**
   * The failure of a command that found the store held by another writer, whose message says {@code
   * message}: exit {@value ExitCodes#STORE_LOCKED}.
   */
  static CommandFailure locked(String message) {
    return new CommandFailure(
        ExitCodes.STORE_LOCKED,
        message
            + "\nAnother writer, usually the running node agent, holds the store. Stop it and run"
            + " this command again; read-only commands (stat, list, get, verify) work meanwhile.");
  }

  /**
   * Runs {@code open}, which opens a store for writing; a held writer lock exits {@value
   * ExitCodes#STORE_LOCKED}, any other store failure {@value ExitCodes#INVALID}.
   */
  static <T> T writing(Supplier<T> open) {
    try {
      return open.get();
    } catch (StoreLockedException e) {
      throw locked(e.getMessage());
    } catch (PullGateException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage(), e);
    }
  }
}
