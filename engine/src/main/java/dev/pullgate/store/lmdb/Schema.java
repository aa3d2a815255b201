package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The named databases of a store and its schema version, kept in the metadata database under
 * {@value #VERSION_KEY} as a big-endian int.
 *
 * <p>Schema version 2: {@value #RECORDS_DB} (imageRef key to record, {@code RecordFormat}), {@value
 * #INTENTS_DB} (normalised reference key to intent, {@link IntentCodec}), {@value #INDEX_DB} (the
 * forgetting index, {@link CredentialIndex}) and {@value #META_DB}. A store of schema version 1
 * (the three databases without the index) is migrated by {@link SchemaMigration}; a store of a
 * newer schema, or an environment holding any other named database, refuses to open rather than be
 * misread or adopted.
 */
final class Schema {
  /** The schema this code creates and reads. */
  static final int VERSION = 2;

  static final int LEGACY_VERSION = 1;

  static final String RECORDS_DB = "pulled-records";
  static final String INTENTS_DB = "pull-intents";
  static final String INDEX_DB = "credential-index";
  static final String META_DB = "meta";
  static final String VERSION_KEY = "schemaVersion";

  /** How many named databases the environment needs. */
  static final int DATABASES = 4;

  private static final Set<String> NAMES = Set.of(META_DB, RECORDS_DB, INTENTS_DB, INDEX_DB);

  final Dbi<ByteBuffer> records;
  final Dbi<ByteBuffer> intents;
  final Dbi<ByteBuffer> index;
  final Dbi<ByteBuffer> meta;
  final int version;

  private Schema(
      Dbi<ByteBuffer> records,
      Dbi<ByteBuffer> intents,
      Dbi<ByteBuffer> index,
      Dbi<ByteBuffer> meta,
      int version) {
    this.records = records;
    this.intents = intents;
    this.index = index;
    this.meta = meta;
    this.version = version;
  }

  /**
   * Opens the databases of the store in {@code env} at {@code dir}. Only a writable open of an
   * environment without any named database, which the caller knows to be new, creates them; a
   * version 1 store opened for writing gets the index database it lacks, and {@link #version} tells
   * the caller to migrate it.
   *
   * @param mayCreate whether an environment without databases is a store being created (its
   *     identity says so); otherwise such an environment is a store that lost its data
   * @throws StoreException when the store is of another or unreadable schema, holds other
   *     databases, lost its databases, or a read-only open finds no store or an unmigrated one
   */
  static Schema open(Env<ByteBuffer> env, Path dir, boolean writable, boolean mayCreate) {
    Set<String> names = new TreeSet<>();
    for (byte[] name : env.getDbiNames()) {
      names.add(new String(name, StandardCharsets.UTF_8));
    }
    if (!NAMES.containsAll(names)) {
      throw new StoreDamagedException(
          dir
              + " holds an LMDB environment that Pullgate did not create (its named databases are "
              + names
              + "); it is not adopted. Point pullgate.store.path at another directory.");
    }
    try (Txn<ByteBuffer> txn = writable ? env.txnWrite() : env.txnRead()) {
      Schema schema;
      if (names.isEmpty()) {
        if (!writable) {
          throw new StoreException("no Pullgate store at " + dir + " (no databases)");
        }
        if (!mayCreate) {
          throw damaged(dir, "it has no databases although it was created before");
        }
        Dbi<ByteBuffer> meta = create(env, txn, META_DB);
        meta.put(
            txn, bytes(VERSION_KEY.getBytes(StandardCharsets.UTF_8)), bytes(versionBytes(VERSION)));
        schema =
            new Schema(
                create(env, txn, RECORDS_DB),
                create(env, txn, INTENTS_DB),
                create(env, txn, INDEX_DB),
                meta,
                VERSION);
      } else {
        schema = existing(env, txn, dir, names, writable);
      }
      txn.commit();
      return schema;
    }
  }

  private static Schema existing(
      Env<ByteBuffer> env, Txn<ByteBuffer> txn, Path dir, Set<String> names, boolean writable) {
    Dbi<ByteBuffer> meta = require(env, txn, names, META_DB, dir);
    ByteBuffer stored = meta.get(txn, bytes(VERSION_KEY.getBytes(StandardCharsets.UTF_8)));
    if (stored == null) {
      throw damaged(dir, "its schema version is missing");
    }
    int version = readVersion(stored, dir);
    if (version > VERSION) {
      throw new StoreException(
          "store at "
              + dir
              + " has schema version "
              + version
              + " in its "
              + StoreDirectory.DATA_FILE
              + ", newer than the version this Pullgate reads ("
              + VERSION
              + "); upgrade Pullgate or point pullgate.store.path elsewhere (if no newer Pullgate"
              + " ever opened it, the file is damaged: run pullgate verify --store "
              + dir
              + ")");
    }
    if (version != VERSION && version != LEGACY_VERSION) {
      throw damaged(dir, "its schema version " + version + " is unknown");
    }
    Dbi<ByteBuffer> records = require(env, txn, names, RECORDS_DB, dir);
    Dbi<ByteBuffer> intents = require(env, txn, names, INTENTS_DB, dir);
    Dbi<ByteBuffer> index;
    if (version == LEGACY_VERSION) {
      if (!writable) {
        throw new StoreException(
            "store at "
                + dir
                + " has schema version 1 and must be migrated first: open it once for writing"
                + " (start the node agent, or run a writing command such as pullgate prune)");
      }
      index = names.contains(INDEX_DB) ? open(env, txn, INDEX_DB) : create(env, txn, INDEX_DB);
    } else {
      index = require(env, txn, names, INDEX_DB, dir);
    }
    return new Schema(records, intents, index, meta, version);
  }

  /** This schema after its store was migrated to {@link #VERSION}. */
  Schema migrated() {
    return new Schema(records, intents, index, meta, VERSION);
  }

  /** The bytes that record {@code version}. */
  static byte[] versionBytes(int version) {
    return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(version).array();
  }

  /** The key under which the schema version is stored. */
  static ByteBuffer versionKey() {
    return bytes(VERSION_KEY.getBytes(StandardCharsets.UTF_8));
  }

  private static Dbi<ByteBuffer> create(Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name) {
    return env.openDbi(
        txn, name.getBytes(StandardCharsets.UTF_8), null, false, DbiFlags.MDB_CREATE);
  }

  private static Dbi<ByteBuffer> open(Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name) {
    return env.openDbi(txn, name.getBytes(StandardCharsets.UTF_8), null, false);
  }

  private static Dbi<ByteBuffer> require(
      Env<ByteBuffer> env, Txn<ByteBuffer> txn, Set<String> names, String name, Path dir) {
    if (!names.contains(name)) {
      throw damaged(dir, "its " + name + " database is missing");
    }
    return open(env, txn, name);
  }

  private static StoreException damaged(Path dir, String what) {
    return new StoreDamagedException(
        "store at "
            + dir
            + " is damaged: "
            + what
            + " (in "
            + StoreDirectory.DATA_FILE
            + "); it is not opened, since an empty database in its place would make images look"
            + " preloaded (run pullgate verify --store "
            + dir
            + ", restore it from a backup, or move it aside and start an empty store explicitly)");
  }

  private static int readVersion(ByteBuffer stored, Path dir) {
    if (stored.remaining() != 4) {
      throw damaged(dir, "its schema version is unreadable (" + stored.remaining() + " bytes)");
    }
    return stored.order(ByteOrder.BIG_ENDIAN).getInt(stored.position());
  }

  static ByteBuffer bytes(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
    buffer.put(bytes).flip();
    return buffer;
  }
}
