package dev.pullgate.store.lmdb;

import dev.pullgate.store.StoreException;
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
   * Opens the databases of the store in {@code env} at {@code dir}, in one transaction; a writable
   * open creates them and records the schema version of a new store.
   *
   * @throws StoreException when the store's schema version is not {@link #VERSION}, or a read-only
   *     store lacks the databases
   */
  static Schema open(Env<ByteBuffer> env, Path dir, boolean writable) {
    DbiFlags[] flags = writable ? new DbiFlags[] {DbiFlags.MDB_CREATE} : new DbiFlags[0];
    try (Txn<ByteBuffer> txn = writable ? env.txnWrite() : env.txnRead()) {
      Dbi<ByteBuffer> meta = openDbi(env, txn, META_DB, flags);
      Dbi<ByteBuffer> records = openDbi(env, txn, RECORDS_DB, flags);
      Dbi<ByteBuffer> intents = openDbi(env, txn, INTENTS_DB, flags);
      ByteBuffer key = bytes(VERSION_KEY.getBytes(StandardCharsets.UTF_8));
      ByteBuffer stored = meta.get(txn, key);
      int version;
      if (stored == null) {
        if (!writable) {
          throw new StoreException("no Pullgate store at " + dir + " (no schema version)");
        }
        meta.put(txn, key, bytes(versionBytes(VERSION)));
        version = VERSION;
      } else {
        version = readVersion(stored, dir);
      }
      check(version, dir);
      txn.commit();
      return new Schema(records, intents, meta, version);
    }
  }

  /** The bytes that record {@code version}. */
  static byte[] versionBytes(int version) {
    return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(version).array();
  }

  private static Dbi<ByteBuffer> openDbi(
      Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name, DbiFlags[] flags) {
    return env.openDbi(txn, name.getBytes(StandardCharsets.UTF_8), null, false, flags);
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
