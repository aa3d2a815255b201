package dev.pullgate.store.lmdb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A separate JVM that holds a read-only store open and answers one command per line on stdin, for
 * {@link LmdbReaderProcessTest}: {@code count}, {@code get <imageRef>}, {@code write} (try to open
 * the store for writing), {@code quit}.
 */
public final class ReaderProcess {
  private ReaderProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        try {
          if (line.equals("quit")) {
            out.println("bye");
            return;
          } else if (line.equals("count")) {
            out.println(store.pulledRecordCount());
          } else if (line.startsWith("get ")) {
            out.println(store.pulledRecord(line.substring(4)).isPresent() ? "present" : "absent");
          } else if (line.equals("write")) {
            LmdbPullRecordStore.open(dir).close();
            out.println("opened for writing");
          } else {
            out.println("unknown command");
          }
        } catch (RuntimeException e) {
          out.println("error: " + e.getMessage());
        }
      }
    }
  }
}
