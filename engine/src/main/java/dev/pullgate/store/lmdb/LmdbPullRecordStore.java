package dev.pullgate.store.lmdb;

import dev.pullgate.PullGateConfig;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.Txn;

/**
 * The durable {@link PullRecordStore}: records and intents in an LMDB environment, in the binary
 * format of {@link RecordCodec} and {@link IntentCodec}, under the keys of {@link KeyCodec}.
 *
 * <p>Every write is one durable commit ({@link #writePulledRecords} and {@link
 * #deletePulledRecords} commit a whole batch at once). A value that fails its checksum or format
 * check makes its read throw {@link StoreException}; the next write of that key replaces it. The
 * map grows by itself up to {@value PullGateConfig#STORE_MAX_MAP_SIZE}.
 *
 * <p>One process may open a directory for writing ({@link #open}); others may read it at the same
 * time ({@link #openReadOnly}). See the package documentation for threading.
 */
public final class LmdbPullRecordStore implements PullRecordStore {
  private static final ThreadLocal<KeyCodec> KEYS = ThreadLocal.withInitial(KeyCodec::new);
  private static final int MAX_KEY_IN_MESSAGE = 120;

  private final LmdbEnv env;
  private final boolean readOnly;
  private final StoreDirectory.WriterLock writerLock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LmdbPullRecordStore(LmdbEnv env, StoreDirectory.WriterLock writerLock) {
    this.env = env;
    this.readOnly = writerLock == null;
    this.writerLock = writerLock;
  }

  /** Opens the store that {@code config}'s {@code pullgate.store.*} settings describe. */
  public static LmdbPullRecordStore open(PullGateConfig config) {
    return open(LmdbStoreOptions.from(config));
  }

  /**
   * Opens, creating it if needed, the store at {@code options.path()} for writing.
   *
   * @throws StoreException when another writer holds the store (the message names its lock file),
   *     the store's schema is newer than this code's, or the store cannot be opened
   */
  public static LmdbPullRecordStore open(LmdbStoreOptions options) {
    Path dir = StoreDirectory.prepareForWriting(options.path());
    StoreDirectory.WriterLock lock = StoreDirectory.lockForWriting(dir);
    try {
      return new LmdbPullRecordStore(EnvRegistry.acquire(dir, options, true), lock);
    } catch (RuntimeException e) {
      try {
        lock.close();
      } catch (StoreException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Opens the existing store at {@code dir} for reading only, while its writer may be running:
   * every read sees the writes committed before it. Writes throw {@link StoreException}.
   */
  public static LmdbPullRecordStore openReadOnly(Path dir) {
    Path real = StoreDirectory.requireStore(dir);
    return new LmdbPullRecordStore(
        EnvRegistry.acquire(real, LmdbStoreOptions.of(real), false), null);
  }

  /** The store's directory. */
  public Path path() {
    return env.dir();
  }

  /** Whether this store was opened with {@link #openReadOnly}. */
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    Objects.requireNonNull(imageRef, "imageRef");
    ensureOpen();
    KeyCodec keys = KEYS.get().encode(imageRef, "imageRef");
    return env.read(
        txn -> {
          ByteBuffer value = env.records().get(txn, keys.key());
          if (value == null) {
            return Optional.empty();
          }
          PulledRecord record;
          try {
            record = RecordCodec.decodeIfKeyed(value, imageRef, keys.text());
          } catch (CorruptValueException e) {
            throw unreadable("pulled record imageRef", imageRef, e);
          }
          if (record == null) {
            throw ownedByAnotherKey(keys, "pulled record imageRef", imageRef);
          }
          return Optional.of(record);
        });
  }

  @Override
  public void writePulledRecord(PulledRecord record) {
    Objects.requireNonNull(record, "record");
    ensureWritable();
    env.write(txn -> put(txn, record));
  }

  /** Stores every record of {@code records} in one durable commit. */
  @Override
  public void writePulledRecords(Collection<PulledRecord> records) {
    List<PulledRecord> batch = List.copyOf(records);
    ensureWritable();
    env.write(
        txn -> {
          for (PulledRecord record : batch) {
            put(txn, record);
          }
          return null;
        });
  }

  /** Checks that every string of {@code record} is well-formed UTF-16, as its encoding needs. */
  @Override
  public void requireStorable(PulledRecord record) {
    RecordCodec.encodedLength(Objects.requireNonNull(record, "record"));
  }

  @Override
  public boolean deletePulledRecord(String imageRef) {
    Objects.requireNonNull(imageRef, "imageRef");
    ensureWritable();
    return env.write(txn -> delete(txn, env.records(), RecordCodec::isKeyed, imageRef, "imageRef"));
  }

  /** Deletes the records of these imageRefs in one durable commit; returns how many there were. */
  @Override
  public int deletePulledRecords(Collection<String> imageRefs) {
    List<String> batch = List.copyOf(imageRefs);
    ensureWritable();
    return env.write(
        txn -> {
          int deleted = 0;
          for (String imageRef : batch) {
            deleted +=
                delete(txn, env.records(), RecordCodec::isKeyed, imageRef, "imageRef") ? 1 : 0;
          }
          return deleted;
        });
  }

  @Override
  public List<PulledRecord> pulledRecords() {
    ensureOpen();
    return env.read(txn -> list(txn, env.records(), RecordCodec::decode, "pulled record"));
  }

  @Override
  public boolean pullIntentExists(String image) {
    Objects.requireNonNull(image, "image");
    ensureOpen();
    KeyCodec keys = KEYS.get().encode(image, "image");
    return env.read(
        txn -> {
          ByteBuffer value = env.intents().get(txn, keys.key());
          if (value == null) {
            return false;
          }
          boolean keyed;
          try {
            keyed = IntentCodec.isKeyed(value, keys.text());
          } catch (CorruptValueException e) {
            throw unreadable("pull intent image", image, e);
          }
          if (!keyed) {
            throw ownedByAnotherKey(keys, "pull intent image", image);
          }
          return true;
        });
  }

  @Override
  public void writePullIntent(PullIntent intent) {
    Objects.requireNonNull(intent, "intent");
    ensureWritable();
    env.write(
        txn -> {
          KeyCodec keys = KEYS.get().encode(intent.image(), "image");
          int length = IntentCodec.encodedLength(intent);
          ByteBuffer out = env.intents().reserve(txn, keys.key(), length);
          IntentCodec.encode(intent, out);
          return checkFilled(out, length);
        });
  }

  @Override
  public boolean deletePullIntent(String image) {
    Objects.requireNonNull(image, "image");
    ensureWritable();
    return env.write(txn -> delete(txn, env.intents(), IntentCodec::isKeyed, image, "image"));
  }

  @Override
  public List<PullIntent> pullIntents() {
    ensureOpen();
    return env.read(txn -> list(txn, env.intents(), IntentCodec::decode, "pull intent"));
  }

  @Override
  public long pulledRecordCount() {
    ensureOpen();
    return env.read(txn -> env.records().stat(txn).entries);
  }

  @Override
  public long pullIntentCount() {
    ensureOpen();
    return env.read(txn -> env.intents().stat(txn).entries);
  }

  /** The store's size and shape now. */
  public LmdbStoreStats stats() {
    ensureOpen();
    return env.read(
        txn -> {
          EnvInfo info = env.info();
          int pageSize = env.pageSize();
          return new LmdbStoreStats(
              env.dir(),
              readOnly,
              env.schemaVersion(),
              info.mapSize,
              env.maxMapSize(),
              pageSize,
              info.lastPageNumber,
              (info.lastPageNumber + 1) * pageSize,
              info.lastTransactionId,
              env.records().stat(txn).entries,
              env.intents().stat(txn).entries,
              env.dataFileBytes(),
              info.numReaders,
              info.maxReaders);
        });
  }

  /**
   * Reads every stored record and intent in one read transaction and reports each damaged one,
   * where other reads stop at the first; see {@link LmdbVerifier} for the checks.
   *
   * @throws StoreException when the store is closed or LMDB fails
   */
  public LmdbVerification verify() {
    ensureOpen();
    return LmdbVerifier.verify(env);
  }

  /** How many read transactions this store's environment keeps for reading threads now. */
  int keptReadTxns() {
    return env.keptReadTxns();
  }

  /**
   * Closes this store: waits for running operations, closes the environment unless another store in
   * this JVM still uses it, and releases the writer lock. Later calls throw {@link StoreException};
   * closing twice is harmless.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        EnvRegistry.release(env);
      } finally {
        if (writerLock != null) {
          writerLock.close();
        }
      }
    }
  }

  private Void put(Txn<ByteBuffer> txn, PulledRecord record) {
    KeyCodec keys = KEYS.get().encode(record.imageRef(), "imageRef");
    int length = RecordCodec.encodedLength(record);
    ByteBuffer out = env.records().reserve(txn, keys.key(), length);
    RecordCodec.encode(record, out);
    return checkFilled(out, length);
  }

  /** Deletes what {@code key} names, unless its digest key holds another string's value. */
  private static boolean delete(
      Txn<ByteBuffer> txn,
      Dbi<ByteBuffer> dbi,
      BiPredicate<ByteBuffer, ByteBuffer> isKeyed,
      String key,
      String field) {
    KeyCodec keys = KEYS.get().encode(key, field);
    ByteBuffer value = dbi.get(txn, keys.key());
    if (value == null) {
      return false;
    }
    if (keys.isDigestKey()) {
      try {
        if (!isKeyed.test(value, keys.text())) {
          return false;
        }
      } catch (CorruptValueException e) {
        // Unreadable: whoever it belonged to, deleting it loses nothing that could be read.
      }
    }
    return dbi.delete(txn, keys.key());
  }

  private static <T> List<T> list(
      Txn<ByteBuffer> txn, Dbi<ByteBuffer> dbi, Function<ByteBuffer, T> decode, String what) {
    List<T> all = new ArrayList<>();
    try (CursorIterable<ByteBuffer> entries = dbi.iterate(txn)) {
      for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
        try {
          all.add(decode.apply(entry.val()));
        } catch (CorruptValueException e) {
          throw new StoreException("a stored " + what + " is unreadable: " + e.getMessage(), e);
        }
      }
    }
    return all;
  }

  /**
   * The error for a stored value that names another string than the one asked for. Under a plain
   * key that can only be damage; under a digest key it is damage or a SHA-256 collision. Either way
   * the read fails closed rather than answering "absent", which some policies would take for
   * "preloaded, trusted"; the next write of the key replaces the value.
   */
  private static StoreDamagedException ownedByAnotherKey(KeyCodec keys, String what, String key) {
    return new StoreDamagedException(
        what
            + "="
            + abbreviate(key)
            + " is unreadable (its "
            + (keys.isDigestKey() ? "digest key" : "key")
            + " holds the value of another string); the next write of it replaces it",
        null);
  }

  private static Void checkFilled(ByteBuffer out, int length) {
    if (out.position() != length) {
      throw new IllegalStateException("encoded " + out.position() + " bytes, expected " + length);
    }
    return null;
  }

  private static StoreException unreadable(String what, String key, CorruptValueException e) {
    return new StoreDamagedException(
        what
            + "="
            + abbreviate(key)
            + " is unreadable ("
            + e.getMessage()
            + "); the next write of it replaces it",
        e);
  }

  private static String abbreviate(String key) {
    return key.length() <= MAX_KEY_IN_MESSAGE ? key : key.substring(0, MAX_KEY_IN_MESSAGE) + "…";
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new StoreException("store is closed");
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (readOnly) {
      throw new StoreException("store at " + env.dir() + " is open read-only");
    }
  }
}
