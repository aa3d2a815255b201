package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A separate JVM that opens the stores named on its command line one after another, for tests
 * through {@link dev.pullgate.testing.ChildJvm}: {@code write=DIR} opens one for writing, {@code
 * read=DIR} read-only. For each it prints one line: {@code opened N} (N pulled records; then it
 * closes the store) or {@code refused TYPE MESSAGE} for a {@link StoreException}. Anything else
 * ends it with a non-zero status, and a crash of LMDB's native code ends it with a signal.
 */
public final class StoreOpenProcess {
  private StoreOpenProcess() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String arg : args) {
      boolean writable = arg.startsWith("write=");
      Path dir = Path.of(arg.substring(arg.indexOf('=') + 1));
      try (LmdbPullRecordStore store =
          writable ? LmdbPullRecordStore.open(dir) : LmdbPullRecordStore.openReadOnly(dir)) {
        out.println("opened " + store.pulledRecordCount());
      } catch (StoreException e) {
        out.println(
            "refused " + e.getClass().getSimpleName() + " " + e.getMessage().replace('\n', ' '));
      }
    }
  }
}
