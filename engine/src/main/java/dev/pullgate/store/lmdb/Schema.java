package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The named databases of a store and its schema version, kept in the metadata database under
 * {@value #VERSION_KEY} as a big-endian int. A store of a newer schema refuses to open rather than
 * be misread.
 */
final class Schema {
  /** The schema this code creates and reads. */
  static final int VERSION = 1;

  static final String RECORDS_DB = "pulled-records";
  static final String INTENTS_DB = "pull-intents";
  static final String META_DB = "meta";
  static final String VERSION_KEY = "schemaVersion";

  /** How many named databases the environment needs. */
  static final int DATABASES = 3;

  final Dbi<ByteBuffer> records;
  final Dbi<ByteBuffer> intents;
  final Dbi<ByteBuffer> meta;
  final int version;

  private Schema(Dbi<ByteBuffer> records, Dbi<ByteBuffer> intents, Dbi<ByteBuffer> meta, int v) {
    this.records = records;
    this.intents = intents;
    this.meta = meta;
    this.version = v;
  }

  /**
   * Opens the databases of the store in {@code env} at {@code dir}, in one transaction. Only a
   * writable open of an empty environment creates them (and records the schema version): a store
   * that lost one of its databases refuses to open, since an empty database in its place would make
   * every image look preloaded.
   *
   * @throws StoreException when the store's schema version is not {@link #VERSION}, a database or
   *     the version is missing from an existing store, or a read-only open finds no store
   */
  static Schema open(Env<ByteBuffer> env, Path dir, boolean writable) {
    try (Txn<ByteBuffer> txn = writable ? env.txnWrite() : env.txnRead()) {
      ByteBuffer key = bytes(VERSION_KEY.getBytes(StandardCharsets.UTF_8));
      Dbi<ByteBuffer> meta = openExisting(env, txn, META_DB);
      Schema schema;
      if (meta == null) {
        if (!writable) {
          throw new StoreException("no Pullgate store at " + dir + " (no schema version)");
        }
        if (openExisting(env, txn, RECORDS_DB) != null
            || openExisting(env, txn, INTENTS_DB) != null) {
          throw damaged(dir, "its " + META_DB + " database is missing");
        }
        meta = create(env, txn, META_DB);
        meta.put(txn, key, bytes(versionBytes(VERSION)));
        schema =
            new Schema(create(env, txn, RECORDS_DB), create(env, txn, INTENTS_DB), meta, VERSION);
      } else {
        ByteBuffer stored = meta.get(txn, key);
        if (stored == null) {
          throw damaged(dir, "its schema version is missing");
        }
        int version = readVersion(stored, dir);
        check(version, dir);
        schema =
            new Schema(
                requireExisting(env, txn, RECORDS_DB, dir),
                requireExisting(env, txn, INTENTS_DB, dir),
                meta,
                version);
      }
      txn.commit();
      return schema;
    }
  }

  /** The bytes that record {@code version}. */
  static byte[] versionBytes(int version) {
    return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(version).array();
  }

  private static Dbi<ByteBuffer> create(Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name) {
    return env.openDbi(
        txn, name.getBytes(StandardCharsets.UTF_8), null, false, DbiFlags.MDB_CREATE);
  }

  /** The named database, or null when the environment has none of that name. */
  private static Dbi<ByteBuffer> openExisting(
      Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name) {
    try {
      return env.openDbi(txn, name.getBytes(StandardCharsets.UTF_8), null, false);
    } catch (Dbi.KeyNotFoundException e) {
      return null;
    }
  }

  private static Dbi<ByteBuffer> requireExisting(
      Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name, Path dir) {
    Dbi<ByteBuffer> dbi = openExisting(env, txn, name);
    if (dbi == null) {
      throw damaged(dir, "its " + name + " database is missing");
    }
    return dbi;
  }

  private static StoreException damaged(Path dir, String what) {
    return new StoreException(
        "store at "
            + dir
            + " is damaged: "
            + what
            + "; it is not opened, since an empty database in its place would make images look"
            + " preloaded (restore it, or move it aside and import the kubelet's records)");
  }

  private static int readVersion(ByteBuffer stored, Path dir) {
    if (stored.remaining() != 4) {
      throw new StoreException(
          "store at "
              + dir
              + " has an unreadable schema version ("
              + stored.remaining()
              + " bytes)");
    }
    return stored.order(ByteOrder.BIG_ENDIAN).getInt(stored.position());
  }

  private static void check(int version, Path dir) {
    if (version > VERSION) {
      throw new StoreException(
          "store at "
              + dir
              + " has schema version "
              + version
              + ", newer than the version this Pullgate reads ("
              + VERSION
              + "); upgrade Pullgate or point pullgate.store.path elsewhere");
    }
    if (version != VERSION) {
      throw new StoreException(
          "store at "
              + dir
              + " has unknown schema version "
              + version
              + " (expected "
              + VERSION
              + ")");
    }
  }

  private static ByteBuffer bytes(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
    buffer.put(bytes).flip();
    return buffer;
  }
}
