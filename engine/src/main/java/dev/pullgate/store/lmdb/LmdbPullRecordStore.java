package dev.pullgate.store.lmdb;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.Txn;

/**
 * The durable {@link PullRecordStore}: records, intents and the forgetting index in an LMDB
 * environment, and the operator's entry point to a store directory ({@link #open}, {@link
 * #openReadOnly}, {@link #stats()}, {@link #verify()}).
 *
 * <p>Every {@link #write} is one durable commit, however many changes it holds. Reads hand the
 * record's bytes in the memory map to the reader, after checking that they are stored for the
 * imageRef asked for; a value that fails that or its format checks makes its read throw {@link
 * StoreDamagedException}, and the next write of that key replaces it. The map grows by itself up to
 * its configured limit.
 *
 * <p>One process may open a directory for writing; others may read it at the same time. See the
 * package documentation for threading.
 */
public final class LmdbPullRecordStore implements PullRecordStore {
  private static final ThreadLocal<RecordRead> READS = ThreadLocal.withInitial(RecordRead::new);
  private static final ThreadLocal<KeyCodec> KEYS = ThreadLocal.withInitial(KeyCodec::new);
  private static final int MAX_KEY_IN_MESSAGE = 120;
  private static final ByteBuffer HASH_KEY_ID =
      Schema.bytes("hashKeyId".getBytes(StandardCharsets.US_ASCII));

  private final LmdbEnv env;
  private final boolean readOnly;
  private final StoreDirectory.WriterLock writerLock;
  private final UpdateWriter writer = new UpdateWriter();
  private final AtomicBoolean closed = new AtomicBoolean();
  private BackgroundVerification verification; // guarded by this

  private LmdbPullRecordStore(LmdbEnv env, StoreDirectory.WriterLock writerLock) {
    this.env = env;
    this.readOnly = writerLock == null;
    this.writerLock = writerLock;
  }

  /**
   * Opens, creating it if needed, the store at {@code dir} for writing with default options.
   *
   * @param dir the store's directory
   * @return the open store, which the caller closes
   */
  public static LmdbPullRecordStore open(Path dir) {
    return open(Options.of(dir));
  }

  /**
   * Opens the existing store at {@code dir} for writing with default options, refusing a directory
   * that holds none rather than creating one: an operator's command meant for a store. Like {@link
   * #open(Options)}, it takes the writer lock before it reads the data file, so a store held by a
   * running writer is refused as locked.
   *
   * @param dir the store's directory
   * @return the open store, which the caller closes
   * @throws StoreException when {@code dir} holds no Pullgate store
   */
  public static LmdbPullRecordStore openExisting(Path dir) {
    StoreDirectory.requireStore(dir);
    return open(dir);
  }

  /**
   * Opens, creating it if needed, the store that {@code options} describe for writing, migrating a
   * store of an earlier schema first.
   *
   * @param options the directory and the settings of the environment
   * @return the open store, which the caller closes
   * @throws dev.pullgate.error.PullGateException when the JVM lacks the flags lmdbjava needs
   * @throws dev.pullgate.error.StoreLockedException when another writer holds the store
   * @throws StoreDamagedException when the directory holds a damaged store or one Pullgate did not
   *     create
   * @throws StoreException when the store's schema is newer than this code's, or it cannot be
   *     opened
   */
  public static LmdbPullRecordStore open(Options options) {
    JvmAccess.requireLmdbAccess();
    Path dir = StoreDirectory.prepareForWriting(options.path());
    StoreDirectory.WriterLock lock = StoreDirectory.lockForWriting(dir);
    try {
      LmdbEnv env = EnvRegistry.acquire(dir, options, true);
      LmdbPullRecordStore store = new LmdbPullRecordStore(env, lock);
      try {
        if (env.schemaVersion() != Schema.VERSION) {
          SchemaMigration.migrate(env, SchemaMigration.DEFAULT_CHUNK);
        }
      } catch (RuntimeException | Error e) {
        store.close();
        throw e;
      }
      return store;
    } catch (RuntimeException | Error e) {
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
   *
   * @param dir the store's directory
   * @return the open store, which the caller closes
   */
  public static LmdbPullRecordStore openReadOnly(Path dir) {
    JvmAccess.requireLmdbAccess();
    Path real = StoreDirectory.requireStore(dir);
    return new LmdbPullRecordStore(EnvRegistry.acquire(real, Options.of(real), false), null);
  }

  /** {@return the store's directory} */
  public Path path() {
    return env.dir();
  }

  /** {@return whether this store was opened with {@link #openReadOnly}} */
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    Objects.requireNonNull(imageRef, "imageRef");
    ensureOpen();
    RecordRead read = READS.get();
    read.prepare(env, imageRef, context, reader);
    try {
      @SuppressWarnings("unchecked")
      R result = (R) env.read(read);
      return result;
    } finally {
      read.clear();
    }
  }

  @Override
  public void forEachRecord(Consumer<PulledRecord> visitor) {
    ensureOpen();
    List<PulledRecord> records =
        env.read(
            txn -> {
              List<PulledRecord> all = new ArrayList<>();
              try (CursorIterable<ByteBuffer> entries = env.records().iterate(txn)) {
                for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
                  try {
                    all.add(RecordFormat.decode(entry.val().order(ByteOrder.BIG_ENDIAN)));
                  } catch (StoreDamagedException e) {
                    throw unreadable(
                        "pulled record key",
                        LmdbVerifier.describeKey(entry.key()),
                        e.getMessage() + "; pullgate verify lists every damaged entry");
                  }
                }
              }
              return all;
            });
    records.forEach(visitor);
  }

  @Override
  public boolean pullIntentExists(String reference) {
    Objects.requireNonNull(reference, "reference");
    ensureOpen();
    KeyCodec keys = KEYS.get().encode(reference, "reference");
    return env.read(
        txn -> {
          ByteBuffer value = env.intents().get(txn, keys.key());
          if (value == null) {
            return false;
          }
          boolean keyed;
          try {
            keyed = IntentCodec.isKeyed(value, reference);
          } catch (CorruptValueException e) {
            throw unreadable("pull intent reference", reference, e.getMessage());
          }
          if (!keyed) {
            throw unreadable(
                "pull intent reference", reference, "its key holds the value of another string");
          }
          return true;
        });
  }

  @Override
  public List<String> pullIntents() {
    ensureOpen();
    return env.read(
        txn -> {
          List<String> all = new ArrayList<>();
          try (CursorIterable<ByteBuffer> entries = env.intents().iterate(txn)) {
            for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
              all.add(IntentCodec.decode(entry.val()));
            }
          }
          return all;
        });
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

  @Override
  public Set<String> imageRefsWith(IndexTerm term, String value) {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(value, "value");
    ensureOpen();
    CredentialIndex index = new CredentialIndex();
    return env.read(txn -> index.imageRefs(txn, env.index(), term, value));
  }

  /** Applies every change of {@code update} in one durable commit. */
  @Override
  public void write(Update update) {
    Objects.requireNonNull(update, "update");
    ensureWritable();
    if (update.isEmpty()) {
      return;
    }
    if (update.changes().stream().anyMatch(c -> c.kind() == Change.Kind.PUT_RECORD)) {
      env.requireRoomForRecords();
    }
    env.write(
        txn -> {
          writer.apply(txn, env.schema(), update.changes());
          return null;
        });
  }

  @Override
  public Optional<String> hashKeyId() {
    ensureOpen();
    return env.read(txn -> readHashKeyId(txn));
  }

  @Override
  public void adoptHashKeyId(String id) {
    Objects.requireNonNull(id, "id");
    ensureWritable();
    env.write(
        txn -> {
          if (readHashKeyId(txn).isPresent() || env.records().stat(txn).entries != 0) {
            throw new StoreException(
                "store at " + env.dir() + " holds records or a key; only an empty store takes one");
          }
          env.schema().meta.put(txn, HASH_KEY_ID, ascii(id));
          return null;
        });
  }

  /**
   * Rewrites every credential hash of the store, which keeps the kubelet's hashes, into its keyed
   * form, and records the key's {@code id}, in one durable commit: {@code pullgate rekey}.
   *
   * @param id the key's identifier, recorded in the store
   * @param keyed turns a kubelet hash into its keyed form
   * @return how many records were rewritten
   * @throws StoreException when the store keeps keyed hashes already
   */
  public int rekey(String id, UnaryOperator<CredentialHash> keyed) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(keyed, "keyed");
    ensureWritable();
    return env.write(
        txn -> {
          if (readHashKeyId(txn).isPresent()) {
            throw new StoreException(
                "store at " + env.dir() + " keeps keyed hashes already; a key cannot be changed");
          }
          List<PulledRecord> records = new ArrayList<>();
          try (CursorIterable<ByteBuffer> entries = env.records().iterate(txn)) {
            for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
              records.add(RecordFormat.decode(entry.val().order(ByteOrder.BIG_ENDIAN)));
            }
          }
          for (PulledRecord record : records) {
            PulledRecord rekeyed = record.withHashes(keyed);
            writer.putRecord(
                txn,
                env.schema(),
                rekeyed.imageRef(),
                ByteBuffer.wrap(RecordFormat.encode(rekeyed)));
          }
          env.schema().meta.put(txn, HASH_KEY_ID, ascii(id));
          return records.size();
        });
  }

  /**
   * Whether verification found damage in this store, in this process or in an earlier one that
   * marked its identity file: then a missing record may be a lost one, and decisions that rest on
   * absence fail closed until {@link #repair()}.
   */
  @Override
  public boolean isKnownDamaged() {
    return env.knownDamaged();
  }

  /** {@return what the verification that found the damage reported, or null when none is known} */
  public String damageReason() {
    return env.knownDamaged() ? env.damageReason() : null;
  }

  /**
   * Verifies the whole store now (before returning when it is small, on a background thread
   * otherwise) and then every {@code interval} (zero: only now), for the life of this store; what
   * an agent's engine does with {@code pullgate.store.verifyInterval}.
   *
   * @param interval the time between verifications, or zero
   */
  public synchronized void startVerification(java.time.Duration interval) {
    Objects.requireNonNull(interval, "interval");
    ensureOpen();
    if (verification != null) {
      throw new IllegalStateException("verification is already scheduled");
    }
    verification = BackgroundVerification.start(env, interval);
  }

  /**
   * Repairs every damaged entry toward "pull" (see {@link StoreRepair}), writes records, intents
   * and the forgetting index into new B-trees, verifies again, and marks the store ready when it is
   * intact and lost nothing; the operator's {@code pullgate repair}. Needs the writer lock: no
   * agent may hold the store meanwhile.
   *
   * @param acceptLoss whether the operator accepts that entries under digest keys, which name no
   *     imageRef, were lost (by this repair or an earlier one): the images they covered may look
   *     preloaded until they are pulled again. Without it, lost entries keep the store marked
   *     damaged, so decisions that rest on a missing record keep failing closed.
   * @return what the repair did
   */
  public Repair repair(boolean acceptLoss) {
    ensureWritable();
    return StoreRepair.repair(
        env,
        java.time.Instant.now(),
        acceptLoss ? StoreRepair.Mode.ACCEPT_LOSS : StoreRepair.Mode.REPAIR);
  }

  /**
   * {@link #repair(boolean)} without accepting a loss.
   *
   * @return what the repair did
   */
  public Repair repair() {
    return repair(false);
  }

  /**
   * What {@link #repair()} would do, found by reading only: {@code pullgate repair --dry-run}.
   * Works on a store opened read-only, beside its writer.
   *
   * @return what a repair would do, and the verification of the store as it is
   */
  public Repair planRepair() {
    ensureOpen();
    return StoreRepair.repair(env, java.time.Instant.now(), StoreRepair.Mode.DRY_RUN);
  }

  /** {@return the store's size and shape now} */
  public Stats stats() {
    ensureOpen();
    return env.read(
        txn -> {
          EnvInfo info = env.info();
          int pageSize = env.pageSize();
          return new Stats(
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
              env.index().stat(txn).entries,
              env.dataFileBytes(),
              info.numReaders,
              info.maxReaders);
        });
  }

  /**
   * Reads every stored record, intent and index entry and reports each damaged one, where other
   * reads stop at the first; see {@link LmdbVerifier} for the checks. When it finds damage, this
   * store reports {@link #isKnownDamaged()} from then on.
   *
   * @return what the verification found
   * @throws StoreException when the store is closed or LMDB fails
   */
  public Verification verify() {
    ensureOpen();
    Verification found = LmdbVerifier.verify(env);
    if (!found.isIntact()) {
      env.damageFound(BackgroundVerification.summary(found));
    }
    return found;
  }

  /** How many read transactions this store's environment keeps for reading threads now. */
  int keptReadTxns() {
    return env.keptReadTxns();
  }

  /**
   * Closes this store: waits for running operations, closes the environment unless another store in
   * this JVM still uses it, and releases the writer lock. Later calls throw {@link
   * StoreClosedException}; closing twice is harmless.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (this) {
        if (verification != null) {
          verification.close();
        }
      }
      try {
        EnvRegistry.release(env);
      } finally {
        if (writerLock != null) {
          writerLock.close();
        }
      }
    }
  }

  private Optional<String> readHashKeyId(Txn<ByteBuffer> txn) {
    ByteBuffer stored = env.schema().meta.get(txn, HASH_KEY_ID);
    return stored == null
        ? Optional.empty()
        : Optional.of(StandardCharsets.US_ASCII.decode(stored.duplicate()).toString());
  }

  private static ByteBuffer ascii(String s) {
    return Schema.bytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  static StoreDamagedException unreadable(String what, String key, String why) {
    return new StoreDamagedException(
        what + "=" + abbreviate(key) + " is unreadable (" + why + "); the next write replaces it");
  }

  /**
   * Why a value does not hold the imageRef of its key: its own damage (too short, another version,
   * a failed checksum), or, when its frame is sound, another record's imageRef.
   */
  private static String mismatch(ByteBuffer value) {
    try {
      RecordFormat.checkFrame(value);
      return "its key holds another record";
    } catch (StoreDamagedException e) {
      return e.getMessage();
    }
  }

  private static String abbreviate(String key) {
    return key.length() <= MAX_KEY_IN_MESSAGE ? key : key.substring(0, MAX_KEY_IN_MESSAGE) + "…";
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new StoreClosedException();
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (readOnly) {
      throw new StoreException("store at " + env.dir() + " is open read-only");
    }
  }

  /** A thread's reusable read of one record, so that reading in place allocates nothing. */
  private static final class RecordRead extends LmdbEnv.ReadCall {
    private final KeyCodec keys = new KeyCodec();
    private LmdbEnv env;
    private String imageRef;
    private Object context;
    private RecordReader<Object, ?> reader;

    @SuppressWarnings("unchecked")
    void prepare(LmdbEnv env, String imageRef, Object context, RecordReader<?, ?> reader) {
      this.env = env;
      this.imageRef = imageRef;
      this.context = context;
      this.reader = (RecordReader<Object, ?>) reader;
      keys.encode(imageRef, "imageRef");
    }

    void clear() {
      env = null;
      imageRef = null;
      context = null;
      reader = null;
    }

    @Override
    Object run(Txn<ByteBuffer> txn) {
      ByteBuffer value = env.records().get(txn, keys.key());
      if (value == null) {
        return reader.read(context, null, true);
      }
      value.order(ByteOrder.BIG_ENDIAN);
      if (!RecordFormat.imageRefEquals(value, imageRef)) {
        throw unreadable("pulled record imageRef", imageRef, mismatch(value));
      }
      try {
        return reader.read(context, value, true);
      } catch (StoreDamagedException e) {
        throw unreadable("pulled record imageRef", imageRef, e.getMessage());
      }
    }
  }

  /**
   * How to open an LMDB store.
   *
   * @param path the store's directory
   * @param mapSize the map size at open, in bytes; an existing store keeps a larger map it has
   * @param maxMapSize the size the map may grow to
   * @param metaSync whether each commit syncs the meta page too (LMDB's default); without it the
   *     last commit before a system crash may be undone, but the database stays intact
   * @param maxReaders the size of LMDB's reader table
   */
  public record Options(
      Path path, long mapSize, long maxMapSize, boolean metaSync, int maxReaders) {
    /** The smallest map accepted: a few pages more than an empty environment needs. */
    public static final long MIN_MAP_SIZE = 64 * 1024;

    /** The largest map accepted: 16 TiB, the most a data file may record (see {@code MetaPage}). */
    public static final long MAX_MAP_SIZE = MetaPage.MAX_MAP_SIZE;

    /** The map size at open by default: 16 MiB. */
    public static final long DEFAULT_MAP_SIZE = 16L * 1024 * 1024;

    /** The size the map may grow to by default: 4 GiB. */
    public static final long DEFAULT_MAX_MAP_SIZE = 4L * 1024 * 1024 * 1024;

    /** The size of the reader table by default. */
    public static final int DEFAULT_MAX_READERS = 126;

    /**
     * Checks the sizes against each other and {@link #MIN_MAP_SIZE}.
     *
     * @param path the store's directory
     * @param mapSize the map size at open, in bytes
     * @param maxMapSize the size the map may grow to
     * @param metaSync whether each commit syncs the meta page too
     * @param maxReaders the size of LMDB's reader table
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Options {
      Objects.requireNonNull(path, "path");
      if (mapSize < MIN_MAP_SIZE) {
        throw new IllegalArgumentException(
            "map size must be at least " + MIN_MAP_SIZE + ", was " + mapSize);
      }
      if (maxMapSize < mapSize) {
        throw new IllegalArgumentException(
            "maximum map size must be at least the map size (" + mapSize + "), was " + maxMapSize);
      }
      if (maxMapSize > MAX_MAP_SIZE) {
        throw new IllegalArgumentException(
            "maximum map size must be at most " + MAX_MAP_SIZE + ", was " + maxMapSize);
      }
      if (maxReaders < 1) {
        throw new IllegalArgumentException("maxReaders must be positive, was " + maxReaders);
      }
    }

    /**
     * The options at {@code path} with every other setting at its default.
     *
     * @param path the store's directory
     * @return the options
     */
    public static Options of(Path path) {
      return new Options(path, DEFAULT_MAP_SIZE, DEFAULT_MAX_MAP_SIZE, true, DEFAULT_MAX_READERS);
    }
  }

  /**
   * A snapshot of an LMDB store's size and shape, for {@code pullgate stat} and for metrics.
   *
   * @param path the store's directory
   * @param readOnly whether this store was opened read-only
   * @param schemaVersion the schema version recorded in the store
   * @param mapSize the current size of the memory map, in bytes
   * @param maxMapSize the size the map may grow to (equal to {@code mapSize} when read-only)
   * @param pageSize LMDB's page size, in bytes
   * @param lastPageNumber the highest page number in use
   * @param mapBytesUsed the bytes of the map in use: {@code (lastPageNumber + 1) * pageSize}
   * @param lastTransactionId the id of the last committed transaction
   * @param pulledRecords how many pulled records are stored
   * @param pullIntents how many pull intents are stored
   * @param indexEntries how many entries the forgetting index holds
   * @param dataFileBytes the size of {@code data.mdb} on disk
   * @param readerSlotsHighWater how many reader-table slots have been used at once, at most, since
   *     the lock file was created
   * @param maxReaders the size of the reader table
   */
  public record Stats(
      Path path,
      boolean readOnly,
      int schemaVersion,
      long mapSize,
      long maxMapSize,
      int pageSize,
      long lastPageNumber,
      long mapBytesUsed,
      long lastTransactionId,
      long pulledRecords,
      long pullIntents,
      long indexEntries,
      long dataFileBytes,
      int readerSlotsHighWater,
      int maxReaders) {}

  /**
   * What {@link #verify()} found: how many entries it read and every one that is damaged.
   *
   * @param pulledRecords entries read from the pulled records database, damaged ones included
   * @param pullIntents entries read from the pull intents database, damaged ones included
   * @param indexEntries entries read from the forgetting index, damaged ones included
   * @param damage every damaged entry, records first, each database in key order
   */
  public record Verification(
      long pulledRecords, long pullIntents, long indexEntries, List<Damage> damage) {
    /**
     * Copies {@code damage}.
     *
     * @param pulledRecords entries read from the pulled records database
     * @param pullIntents entries read from the pull intents database
     * @param indexEntries entries read from the forgetting index
     * @param damage every damaged entry
     */
    public Verification {
      damage = List.copyOf(damage);
    }

    /** {@return whether every entry is readable and consistent} */
    public boolean isIntact() {
      return damage.isEmpty();
    }
  }

  /**
   * What {@link #repair()} did, or {@link #planRepair()} would do.
   *
   * @param applied whether the store was changed (false for a dry run, and for a store that was
   *     intact and not marked damaged: there was nothing to do)
   * @param before the verification before the repair
   * @param actions what was done (or would be) to each entry, records first
   * @param after the verification after the repair; for a dry run, the store as it is
   * @param markedDamaged whether the store is marked damaged after it: damage remains, or lost
   *     entries were not accepted; decisions that rest on a missing record then fail closed
   */
  public record Repair(
      boolean applied,
      Verification before,
      List<RepairAction> actions,
      Verification after,
      boolean markedDamaged) {
    /**
     * Copies the actions.
     *
     * @param applied whether the store was changed
     * @param before the verification before the repair
     * @param actions what was done to each entry
     * @param after the verification after the repair
     * @param markedDamaged whether the store is marked damaged after it
     */
    public Repair {
      actions = List.copyOf(actions);
    }

    /** {@return how many entries stored under a wrong key were moved to their own} */
    public int moved() {
      return count(RepairAction.Kind.MOVED);
    }

    /** {@return how many records that decoded but were not canonical were written again} */
    public int rewritten() {
      return count(RepairAction.Kind.REWRITTEN);
    }

    /**
     * {@return how many damaged entries whose key names them were replaced by a record that lets
     * nobody use the image without pulling, or an intent written again}
     */
    public int failClosed() {
      return count(RepairAction.Kind.FAIL_CLOSED);
    }

    /** {@return how many damaged entries were deleted whose imageRef or image is unknown} */
    public int lost() {
      return count(RepairAction.Kind.LOST);
    }

    private int count(RepairAction.Kind kind) {
      return (int) actions.stream().filter(a -> a.kind() == kind).count();
    }
  }

  /**
   * One thing {@link #repair()} did to an entry.
   *
   * @param kind what was done
   * @param entry {@code "pulled record"}, {@code "pull intent"}, or {@code "store"}
   * @param key the entry's key as {@link Damage#key()} shows it
   * @param detail more about it (where an entry moved to), or null
   */
  public record RepairAction(Kind kind, String entry, String key, String detail) {
    /** What a repair does to an entry. */
    public enum Kind {
      /** Stored under a wrong key: moved to the key its value names. */
      MOVED("moved", "move"),
      /** Decoded but not canonical: written again. */
      REWRITTEN("rewritten", "rewrite"),
      /** Damaged under its own plain key: replaced by a record or intent that makes pods pull. */
      FAIL_CLOSED("made fail-closed", "make fail-closed"),
      /** A second entry for an imageRef or reference that another one holds: deleted. */
      DROPPED("dropped", "drop"),
      /** Damaged under a key that names nothing sure: deleted. */
      LOST("lost", "lose"),
      /** Entries lost by this or an earlier repair, accepted by the operator. */
      LOSS_ACCEPTED("accepted the loss of", "accept the loss of");

      private final String done;
      private final String planned;

      Kind(String done, String planned) {
        this.done = done;
        this.planned = planned;
      }

      /** {@return how a report of a repair names it: {@code "moved"}} */
      public String word() {
        return done;
      }

      /** {@return how a dry run names it: {@code "move"}} */
      public String verb() {
        return planned;
      }
    }

    /**
     * Checks the parts.
     *
     * @param kind what was done
     * @param entry the kind of entry
     * @param key the entry's key, printable
     * @param detail more about it, or null
     */
    public RepairAction {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return kind.word() + " " + what();
    }

    /** {@return this action as a dry run says it: {@code "would move pulled record …"}} */
    public String planned() {
      return "would " + kind.verb() + " " + what();
    }

    private String what() {
      return entry + " " + key + (detail == null ? "" : " (" + detail + ")");
    }
  }

  /**
   * One damaged entry that {@link #verify()} found.
   *
   * @param kind what the entry should hold: {@code "pulled record"}, {@code "pull intent"} or
   *     {@code "index entry"}; or {@value #LOST_ENTRIES}: entries a repair lost, not yet accepted
   * @param key the entry's key, printable: the imageRef or reference (control characters escaped,
   *     long strings shortened), {@code digest:} and hex for a digest key, or {@code bytes:} and
   *     hex for a key that is not text
   * @param problem what is wrong, never what the value holds
   */
  public record Damage(String kind, String key, String problem) {
    /** The kind of the damage that stands for the entries repairs lost, not yet accepted. */
    public static final String LOST_ENTRIES = "lost entries";

    /**
     * Checks that no part is null.
     *
     * @param kind what the entry should hold
     * @param key the entry's key, printable
     * @param problem what is wrong
     */
    public Damage {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
      return kind + " " + key + ": " + problem;
    }
  }
}
