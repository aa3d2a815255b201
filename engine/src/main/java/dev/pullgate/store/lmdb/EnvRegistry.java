package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The LMDB environments open in this JVM, one per store directory, shared by every store opened on
 * that directory and closed with the last of them.
 *
 * <p>LMDB forbids opening one environment twice in a process: a second open re-initialises the
 * shared lock table under the first and closing either drops the process's file locks. So a
 * read-only store opened while this JVM writes the same directory reads through the writer's
 * environment, and a writable open while only a read-only environment is open is refused.
 */
final class EnvRegistry {
  private static final Map<Path, LmdbEnv> OPEN = new HashMap<>();

  private EnvRegistry() {}

  /**
   * The environment at {@code dir} (a real path), opened now or shared with the stores already
   * using it.
   */
  static synchronized LmdbEnv acquire(
      Path dir, LmdbPullRecordStore.Options options, boolean writable) {
    LmdbEnv env = OPEN.get(dir);
    if (env == null) {
      env = LmdbEnv.open(dir, options, writable);
      OPEN.put(dir, env);
    } else if (writable && !env.isWritable()) {
      throw new StoreException(
          "store at "
              + dir
              + " is open read-only in this JVM; close that store before opening it for writing");
    }
    env.handles++;
    return env;
  }

  /** Gives back one use of {@code env}; the last one closes it. */
  static synchronized void release(LmdbEnv env) {
    if (--env.handles == 0) {
      OPEN.remove(env.dir());
      env.close();
    }
  }
}
