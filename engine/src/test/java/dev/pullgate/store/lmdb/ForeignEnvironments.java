package dev.pullgate.store.lmdb;

import dev.pullgate.store.lmdb.TrialDamage.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * LMDB environments that Pullgate did not create, built once per suite run, which a trial puts in
 * place of the store's data file, with or without the store's identity file beside it.
 */
final class ForeignEnvironments {
  /** The marker in {@link TrialDamage#named()} that stands for the trial's directory. */
  static final String DIRECTORY = "<store directory>";

  private static final List<String> KINDS =
      List.of("other-databases", "pullgate-and-another", "unnamed-keys", "empty");

  private final Path base;

  private ForeignEnvironments(Path base) {
    this.base = base;
  }

  /** Builds the foreign environments under the new directory {@code base}. */
  static ForeignEnvironments create(Path base) {
    build(base.resolve(KINDS.get(0)), List.of("users", "sessions"), 30);
    build(
        base.resolve(KINDS.get(1)),
        List.of(Schema.META_DB, Schema.RECORDS_DB, Schema.INTENTS_DB, Schema.INDEX_DB, "extra"),
        5);
    build(base.resolve(KINDS.get(2)), List.of(), 40);
    build(base.resolve(KINDS.get(3)), List.of(), 0);
    return new ForeignEnvironments(base);
  }

  TrialDamage pick(Random random) {
    String kind = KINDS.get(random.nextInt(KINDS.size()));
    boolean keepIdentity = random.nextBoolean();
    Path source = base.resolve(kind);
    return new TrialDamage(
        Kind.FOREIGN_ENVIRONMENT,
        "put a foreign LMDB environment ("
            + kind
            + ") in place of "
            + StoreDirectory.DATA_FILE
            + (keepIdentity ? ", keeping " : ", removing ")
            + StoreIdentity.FILE,
        List.of(StoreDirectory.DATA_FILE, DIRECTORY),
        dir -> {
          for (String file : List.of(StoreDirectory.DATA_FILE, StoreDirectory.LMDB_LOCK_FILE)) {
            Files.copy(
                source.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
          }
          if (!keepIdentity) {
            Files.delete(dir.resolve(StoreIdentity.FILE));
          }
        });
  }

  /**
   * An environment in {@code dir} with the named databases {@code names}, each holding {@code
   * entries} entries, or {@code entries} plain keys in its main database when there are no names.
   */
  private static void build(Path dir, List<String> names, int entries) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(names.size() + 1)
            .setMapSize(1 << 22)
            .open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      if (entries == 0 && names.isEmpty()) {
        return;
      }
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        if (names.isEmpty()) {
          fill(env.openDbi(txn, null, null, false), txn, entries);
        }
        for (String name : names) {
          fill(
              env.openDbi(
                  txn, name.getBytes(StandardCharsets.UTF_8), null, false, DbiFlags.MDB_CREATE),
              txn,
              entries);
        }
        txn.commit();
      }
    }
  }

  private static void fill(Dbi<ByteBuffer> dbi, Txn<ByteBuffer> txn, int entries) {
    for (int i = 0; i < entries; i++) {
      dbi.put(txn, direct("key-" + i), direct("value of entry " + i + " of a foreign database"));
    }
  }

  private static ByteBuffer direct(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }
}
