package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreException;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;

/**
 * The one place where lmdbjava's exceptions become {@link StoreException}s, with messages that say
 * what to do about them. lmdbjava's messages name LMDB result codes only, never stored bytes.
 */
final class LmdbErrors {
  /**
   * The setting that sizes the reader table, written out rather than taken from {@code
   * PullGateConfig} so that this package does not reach up to the one that configures it.
   */
  static final String MAX_READERS_SETTING = "pullgate.store.maxReaders";

  private LmdbErrors() {}

  /** The store exception for {@code e}, raised while doing {@code action} (e.g. "read"). */
  static StoreException toStoreException(String action, LmdbException e) {
    return new StoreException(action + " failed: " + describe(e), e);
  }

  private static String describe(LmdbException e) {
    if (e instanceof Env.ReadersFullException) {
      return "LMDB's reader table is full; raise " + MAX_READERS_SETTING;
    }
    if (e instanceof Env.MapFullException) {
      return "the LMDB map is full";
    }
    if (e instanceof Dbi.MapResizedException) {
      return "another process grew the LMDB map";
    }
    if (e instanceof Env.VersionMismatchException || e instanceof Env.FileInvalidException) {
      return "the files are not an LMDB environment this library can read (" + e.getMessage() + ")";
    }
    if (e instanceof LmdbNativeException.PageCorruptedException
        || e instanceof LmdbNativeException.PageNotFoundException
        || e instanceof LmdbNativeException.PanicException) {
      return "the LMDB file is damaged (" + e.getMessage() + "); restore it or start a new store";
    }
    return "LMDB error: " + e.getMessage();
  }
}
