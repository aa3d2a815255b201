package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * A separate JVM that opens the LMDB environment in {@code args[0]} read-only with lmdbjava alone
 * and reads every byte of every entry of every named database, printing {@code read N entries}: a
 * file that is missing a page in use crashes it instead. Run through {@link
 * dev.pullgate.testing.ChildJvm}.
 */
public final class LmdbReadAllProcess {
  private LmdbReadAllProcess() {}

  public static void main(String[] args) {
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(8)
            .open(Path.of(args[0]).toFile(), EnvFlags.MDB_NOTLS, EnvFlags.MDB_RDONLY_ENV)) {
      long entries = 0;
      long sum = 0;
      for (byte[] name : env.getDbiNames()) {
        Dbi<ByteBuffer> dbi = env.openDbi(name);
        try (Txn<ByteBuffer> txn = env.txnRead();
            CursorIterable<ByteBuffer> all = dbi.iterate(txn)) {
          for (CursorIterable.KeyVal<ByteBuffer> entry : all) {
            ByteBuffer value = entry.val();
            for (int i = value.position(); i < value.limit(); i++) {
              sum += value.get(i);
            }
            entries++;
          }
        }
      }
      System.out.println("read " + entries + " entries" + (sum == Long.MIN_VALUE ? "!" : ""));
    }
  }
}
