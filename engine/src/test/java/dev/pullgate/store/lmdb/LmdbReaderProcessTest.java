package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.store.TestRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's case: a read-only store in another process while the writer runs, grows its map,
 * and holds the writer lock.
 */
class LmdbReaderProcessTest {
  @TempDir Path dir;

  @Test
  void readerInAnotherProcess_seesEachCommit_followsMapGrowth_andCannotWrite() throws Exception {
    LmdbPullRecordStore.Options options =
        new LmdbPullRecordStore.Options(
            dir, LmdbPullRecordStore.Options.MIN_MAP_SIZE, 1L << 28, true, 32);
    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(options)) {
      writer.write(Update.putRecord(richRecord("sha256:first", T0)));
      Process reader = startReader();
      try (BufferedReader answers = answers(reader);
          Writer commands = commands(reader)) {
        assertThat(ask(commands, answers, "count")).isEqualTo("1");
        assertThat(ask(commands, answers, "get sha256:first")).isEqualTo("present");
        assertThat(ask(commands, answers, "write"))
            .startsWith("error: ")
            .contains("another process")
            .contains(dir.resolve(StoreDirectory.WRITER_LOCK_FILE).toRealPath().toString());

        long mapBefore = writer.stats().mapSize();
        for (int from = 0; from < 3000; from += 500) {
          List<PulledRecord> batch = new ArrayList<>();
          for (int i = from; i < from + 500; i++) {
            batch.add(richRecord("sha256:grow" + i, T0));
          }
          writer.write(TestRecords.putAll(batch));
        }
        assertThat(writer.stats().mapSize()).isGreaterThan(mapBefore);

        assertThat(ask(commands, answers, "count")).isEqualTo("3001");
        assertThat(ask(commands, answers, "get sha256:grow2999")).isEqualTo("present");
        assertThat(ask(commands, answers, "get sha256:never")).isEqualTo("absent");
        assertThat(ask(commands, answers, "quit")).isEqualTo("bye");
        assertThat(reader.waitFor()).isZero();
      } finally {
        reader.destroyForcibly();
      }
      writer.write(Update.putRecord(richRecord("sha256:after", T0)));
    }
  }

  @Test
  void readersKilledWhileHoldingSlots_areClearedByTheNextOpen() throws Exception {
    LmdbPullRecordStore.Options twoReaders =
        new LmdbPullRecordStore.Options(
            dir, LmdbPullRecordStore.Options.MIN_MAP_SIZE, 1L << 28, true, 2);
    // The writer keeps the environment open throughout, so LMDB never resets its reader table
    // and the dead readers' slots stay taken until someone checks for stale readers.
    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(twoReaders)) {
      writer.write(Update.putRecord(richRecord("sha256:first", T0)));
      List<Process> killed = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Process reader = startReader();
        killed.add(reader);
        assertThat(ask(commands(reader), answers(reader), "count")).isEqualTo("1");
      }
      for (Process reader : killed) {
        reader.destroyForcibly().waitFor();
      }

      Process survivor = startReader();
      try (BufferedReader answers = answers(survivor);
          Writer commands = commands(survivor)) {
        assertThat(ask(commands, answers, "count")).isEqualTo("1");
        assertThat(ask(commands, answers, "get sha256:first")).isEqualTo("present");
        assertThat(ask(commands, answers, "quit")).isEqualTo("bye");
        assertThat(survivor.waitFor()).isZero();
      } finally {
        survivor.destroyForcibly();
      }
    }
  }

  private Process startReader() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--add-opens",
            "java.base/java.nio=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            ReaderProcess.class.getName(),
            dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static BufferedReader answers(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  private static Writer commands(Process process) {
    return new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  private static String ask(Writer commands, BufferedReader answers, String command)
      throws IOException {
    commands.write(command + "\n");
    commands.flush();
    return answers.readLine();
  }
}
