package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * One open LMDB environment and the guards around it: every read and write runs under a shared
 * lock, and growing the map or closing the environment under the exclusive one, so neither can
 * unmap memory that a transaction is using. Writes are serialised, and a write that finds the map
 * full is aborted, the map grown, and the write run again.
 */
final class LmdbEnv {
  private static final int MAX_RESIZE_RETRIES = 8;

  private final Path dir;
  private final boolean writable;
  private final Env<ByteBuffer> env;
  private volatile Schema schema;
  private final long maxMapSize;
  private final ReadTxnPool pool;
  private final StampedLock lock = new StampedLock();
  private final ReentrantLock writer = new ReentrantLock();
  private volatile boolean closed;
  private volatile StoreIdentity identity;
  private volatile boolean knownDamaged;
  private volatile String fileDamage;

  /** The identity file's reason when the data file was found damaged while open. */
  static final String FILE_DAMAGE_REASON =
      "verification found " + StoreDirectory.DATA_FILE + " damaged while the store was open";

  /** How many stores use this environment; guarded by {@link EnvRegistry}. */
  int handles;

  private LmdbEnv(
      Path dir,
      boolean writable,
      Env<ByteBuffer> env,
      Schema schema,
      long maxMap,
      StoreIdentity identity) {
    this.dir = dir;
    this.writable = writable;
    this.env = env;
    this.schema = schema;
    this.maxMapSize = maxMap;
    this.pool = new ReadTxnPool(env, env.info().maxReaders);
    this.identity = identity;
    this.knownDamaged = identity != null && identity.state() == StoreIdentity.State.DAMAGED;
  }

  /**
   * Whether damage was found in this store, by a verification in this process or by one before that
   * marked its identity: then a missing record may be a lost one.
   */
  boolean knownDamaged() {
    return knownDamaged;
  }

  /** The reason the store was marked damaged, or null. */
  String damageReason() {
    StoreIdentity current = identity;
    return current == null ? null : current.reason();
  }

  /**
   * Records that verification found damage: from now on the store reports it, and a writable store
   * marks its identity {@code damaged} so that the next process to open it knows at once.
   */
  synchronized void damageFound(String reason) {
    knownDamaged = true;
    if (writable && identity != null && identity.state() != StoreIdentity.State.DAMAGED) {
      identity = identity.markDamaged(reason);
    }
  }

  /**
   * Records that the data file was found damaged while the store is open ({@code problem} names
   * what): from now on every read and write throws instead of reaching LMDB, which could crash the
   * process on the damaged page, and the store is marked damaged.
   */
  void fileDamageFound(String problem) {
    fileDamage =
        problem
            + ". The store was found damaged while open and is no longer read, so that LMDB cannot"
            + " crash this process on it: every decision pulls, and every write fails, until the"
            + " process restarts on a repaired or restored store";
    damageFound(FILE_DAMAGE_REASON);
  }

  /** Records that a repair left the store intact: its identity is {@code ready} again. */
  synchronized void damageRepaired() {
    if (writable && identity != null) {
      identity = identity.markReady();
    }
    knownDamaged = false;
  }

  /**
   * Opens the environment at {@code dir} (a real path, prepared by {@link StoreDirectory}), clears
   * reader slots left by dead processes, sizes the map, and opens the schema; {@link StoreOpening}
   * decides before LMDB maps anything whether the directory may be opened, and creates nothing in
   * place of a store that existed.
   */
  static LmdbEnv open(Path dir, LmdbPullRecordStore.Options options, boolean writable) {
    StoreOpening opening = StoreOpening.begin(dir, writable, InstantSource.system());
    boolean exists = Files.exists(dir.resolve(StoreDirectory.DATA_FILE));
    Env<ByteBuffer> env;
    try {
      env =
          Env.create()
              // Zero keeps the map size an existing store recorded; we only ever enlarge it.
              .setMapSize(exists ? 0 : options.mapSize())
              .setMaxDbs(Schema.DATABASES)
              .setMaxReaders(options.maxReaders())
              .open(dir.toFile(), StoreDirectory.FILE_MODE, envFlags(options.metaSync(), writable));
    } catch (LmdbException e) {
      throw LmdbErrors.toStoreException("opening the store at " + dir, e);
    }
    try {
      if (env.getMaxKeySize() < KeyCodec.MAX_KEY_LENGTH) {
        throw new StoreException(
            "the LMDB library's maximum key size is "
                + env.getMaxKeySize()
                + " bytes; Pullgate needs "
                + KeyCodec.MAX_KEY_LENGTH);
      }
      env.readerCheck();
      if (writable && env.info().mapSize < options.mapSize()) {
        env.setMapSize(options.mapSize());
      }
      opening.checkDatabases(env);
      Schema schema = Schema.open(env, dir, writable, opening.createsSchema());
      opening.finish();
      long maxMapSize = writable ? Math.max(options.maxMapSize(), env.info().mapSize) : 0;
      return new LmdbEnv(dir, writable, env, schema, maxMapSize, opening.identity());
    } catch (LmdbException e) {
      env.close();
      throw LmdbErrors.toStoreException("opening the store at " + dir, e);
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  /**
   * The flags for a store that syncs its meta page or not: never {@code MDB_WRITEMAP}, {@code
   * MDB_NOSYNC}, {@code MAPASYNC}.
   */
  static EnvFlags[] envFlags(boolean metaSync, boolean writable) {
    List<EnvFlags> flags = new ArrayList<>(List.of(EnvFlags.MDB_NOTLS));
    if (!metaSync) {
      flags.add(EnvFlags.MDB_NOMETASYNC);
    }
    if (!writable) {
      flags.add(EnvFlags.MDB_RDONLY_ENV);
    }
    return flags.toArray(new EnvFlags[0]);
  }

  Path dir() {
    return dir;
  }

  boolean isWritable() {
    return writable;
  }

  Schema schema() {
    return schema;
  }

  Dbi<ByteBuffer> records() {
    return schema.records;
  }

  Dbi<ByteBuffer> intents() {
    return schema.intents;
  }

  Dbi<ByteBuffer> index() {
    return schema.index;
  }

  int schemaVersion() {
    return schema.version;
  }

  /** Records that the store was migrated to the current schema. */
  void migrated() {
    schema = schema.migrated();
  }

  long maxMapSize() {
    return writable ? maxMapSize : env.info().mapSize;
  }

  EnvInfo info() {
    return env.info();
  }

  int pageSize() {
    return env.stat().pageSize;
  }

  long dataFileBytes() {
    try {
      return Files.size(dir.resolve(StoreDirectory.DATA_FILE));
    } catch (IOException e) {
      throw new StoreException("cannot read the size of the store's data file: " + e, e);
    }
  }

  /**
   * Throws when the map is so close to its limit that a record written now would eat into the
   * reserve kept for deletions: pruning, the remedy for a full store, must still fit.
   */
  void requireRoomForRecords() {
    long limit = maxMapSize();
    long reserve = Math.min(Math.max(limit / 16, 64L * 1024), 64L * 1024 * 1024);
    EnvInfo info = env.info();
    long used = (info.lastPageNumber + 1) * (long) pageSize();
    if (used > limit - reserve) {
      throw new StoreException(
          "store at "
              + dir
              + " is full: "
              + used
              + " bytes of its map are used, the limit set by pullgate.store.maxMapSize is "
              + limit
              + " and "
              + reserve
              + " are kept for deletions; raise pullgate.store.maxMapSize or prune records");
    }
  }

  /** How many read transactions are kept for threads now. */
  int keptReadTxns() {
    return pool.keptCount();
  }

  /**
   * Runs {@code read} in a read transaction; what it returns must not refer to LMDB memory.
   *
   * @throws StoreException when the environment is closed or LMDB fails
   */
  @SuppressWarnings("unchecked") // the call returns what read returns
  <R> R read(Function<Txn<ByteBuffer>, R> read) {
    return (R)
        read(
            new ReadCall() {
              @Override
              Object run(Txn<ByteBuffer> txn) {
                return read.apply(txn);
              }
            });
  }

  /**
   * Runs {@code call} in a read transaction, as {@link #read} does, without allocating: the call
   * object carries its own arguments and is reused by its thread.
   */
  Object read(ReadCall call) {
    for (int attempt = 0; ; attempt++) {
      long stamp = lock.readLock();
      try {
        ensureUsable();
        ReadTxnPool.ReadTxn txn = pool.acquire();
        try {
          return call.run(txn.txn());
        } finally {
          pool.release(txn);
        }
      } catch (Dbi.MapResizedException e) {
        if (attempt >= MAX_RESIZE_RETRIES) {
          throw LmdbErrors.toStoreException("read", e);
        }
      } catch (LmdbException e) {
        throw LmdbErrors.toStoreException("read", e);
      } finally {
        lock.unlockRead(stamp);
      }
      adoptGrownMap();
    }
  }

  /** A read to run in a transaction, reused by its thread so that running it allocates nothing. */
  abstract static class ReadCall {
    abstract Object run(Txn<ByteBuffer> txn);
  }

  /**
   * Runs {@code write} in a write transaction and commits it durably; runs it again in a fresh
   * transaction after growing the map when the map is full.
   *
   * @throws StoreException when the environment is closed or read-only, the map cannot grow, or
   *     LMDB fails
   */
  <R> R write(Function<Txn<ByteBuffer>, R> write) {
    writer.lock();
    try {
      while (true) {
        long stamp = lock.readLock();
        try {
          ensureUsable();
          if (!writable) {
            throw new StoreException("store at " + dir + " is open read-only");
          }
          try (Txn<ByteBuffer> txn = env.txnWrite()) {
            R result = write.apply(txn);
            txn.commit();
            return result;
          } catch (Env.MapFullException e) {
            // Aborted by the try block; grown below, outside the shared lock.
          }
        } catch (LmdbException e) {
          throw LmdbErrors.toStoreException("write", e);
        } finally {
          lock.unlockRead(stamp);
        }
        grow();
      }
    } finally {
      writer.unlock();
    }
  }

  /** Closes every kept read transaction and the environment, once no operation is running. */
  void close() {
    long stamp = lock.writeLock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        pool.closeAll();
        if (writable) {
          env.sync(true);
        }
      } finally {
        env.close();
      }
    } catch (LmdbException e) {
      throw LmdbErrors.toStoreException("close", e);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private void grow() {
    long stamp = lock.writeLock();
    try {
      ensureOpen();
      long current = env.info().mapSize;
      if (current >= maxMapSize) {
        throw new StoreException(
            "store at "
                + dir
                + " is full: its map has reached "
                + current
                + " bytes, the limit set by pullgate.store.maxMapSize ("
                + maxMapSize
                + "); raise pullgate.store.maxMapSize or prune records");
      }
      env.setMapSize(current > maxMapSize / 2 ? maxMapSize : current * 2);
      if (env.info().mapSize <= current) {
        throw new StoreException("store at " + dir + " could not grow its map past " + current);
      }
    } catch (LmdbException e) {
      throw LmdbErrors.toStoreException("growing the map", e);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** Maps the size the writer process grew the map to (a read-only environment's duty). */
  private void adoptGrownMap() {
    long stamp = lock.writeLock();
    try {
      ensureOpen();
      env.setMapSize(0);
    } catch (LmdbException e) {
      throw LmdbErrors.toStoreException("adopting the grown map", e);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException();
    }
  }

  /** Throws unless the store is open and its data file was not found damaged while open. */
  private void ensureUsable() {
    ensureOpen();
    String damage = fileDamage;
    if (damage != null) {
      throw new StoreDamagedException(damage);
    }
  }
}
