package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.APP_REF;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While another process holds a store for writing, as a running node agent does, the read-only
 * commands work and the writing ones refuse with exit 5, naming the lock file and changing nothing.
 */
class WriterLockTest {
  /** Where a meta page's magic number lies: after the 16-byte page header. */
  private static final long META_MAGIC = 16;

  /** The page size of the stores these tests write, where the second meta page starts. */
  private static final long PAGE_SIZE = 4096;

  @TempDir Path dir;
  private Path storeDir;
  private String store;
  private String keepFile;
  private String lockFile;

  @BeforeEach
  void fillStore() throws IOException {
    storeDir = dir.resolve("store");
    OperatorStore.fill(storeDir);
    store = storeDir.toString();
    keepFile = Files.writeString(dir.resolve("keep"), "sha256:" + "f".repeat(64) + "\n").toString();
    lockFile = storeDir.toRealPath().resolve("pullgate.lock").toString();
    Files.createDirectories(dir.resolve("kubelet").resolve("pulled"));
  }

  @Test
  @SuppressWarnings("try") // the held store is the point of the try block
  void storeHeldByAnotherProcess_readsWork_writesRefuseWithExit5() throws Exception {
    OperatorStore.Contents before = OperatorStore.contents(storeDir);
    try (HeldStore held = HeldStore.start(storeDir)) {
      assertThat(CliRun.of("stat", "--store", store).exitCode()).isZero();
      assertThat(CliRun.of("list", "--store", store).exitCode()).isZero();
      assertThat(CliRun.of("get", "--store", store, APP_REF).exitCode()).isZero();
      assertThat(CliRun.of("verify", "--store", store).exitCode()).isZero();
      assertThat(
              CliRun.of(
                      "prune",
                      "--store",
                      store,
                      "--keep-file",
                      keepFile,
                      "--until",
                      "2030-01-01T00:00:00Z",
                      "--dry-run")
                  .exitCode())
          .isZero();

      CliRun prune = pruneAll();
      CliRun importing =
          CliRun.of("import-kubelet", dir.resolve("kubelet").toString(), "--store", store);
      CliRun forgetting = CliRun.of("forget", "--store", store, "--namespace", "team-a");
      CliRun rekeying =
          CliRun.of("rekey", "--store", store, "--hash-key", dir.resolve("hash.key").toString());

      for (CliRun refused : new CliRun[] {prune, importing, forgetting, rekeying}) {
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.STORE_LOCKED);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err())
            .contains("is open for writing by another process (lock file " + lockFile + ")")
            .contains("Stop it and run this command again");
      }
    }
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  @SuppressWarnings("try") // the held store is the point of the try block
  void storeHeldByAnotherProcess_writesAskForTheLockBeforeReadingTheDataFile() throws Exception {
    try (HeldStore held = HeldStore.start(storeDir);
        FileChannel data =
            FileChannel.open(
                storeDir.resolve("data.mdb"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // While a writer commits without pause, the data file's meta pages change under a reader
      // and its checks before opening fail; here both meta pages' magic numbers are unreadable
      // instead. A writing command must ask for the lock first and say "busy", exit 5.
      ByteBuffer first = ByteBuffer.allocate(4);
      ByteBuffer second = ByteBuffer.allocate(4);
      data.read(first, META_MAGIC);
      data.read(second, PAGE_SIZE + META_MAGIC);
      data.write(ByteBuffer.allocate(4), META_MAGIC);
      data.write(ByteBuffer.allocate(4), PAGE_SIZE + META_MAGIC);
      try {
        CliRun forgetting = CliRun.of("forget", "--store", store, "--namespace", "team-a");
        CliRun pruning = pruneAll();

        for (CliRun refused : new CliRun[] {forgetting, pruning}) {
          assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.STORE_LOCKED);
          assertThat(refused.err()).contains("is open for writing by another process");
        }
      } finally {
        data.write(first.flip(), META_MAGIC);
        data.write(second.flip(), PAGE_SIZE + META_MAGIC);
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the held store is the point of the try block
  void storeReleased_pruneRuns() throws Exception {
    try (HeldStore held = HeldStore.start(storeDir)) {
      // Held, then released when the holder exits.
    }

    CliRun prune = pruneAll();

    assertThat(prune.exitCode()).isZero();
    assertThat(prune.out()).startsWith("Pruned 4 of 4 pulled records");
  }

  /** {@code pullgate prune} of every record but the keep file's, for writing. */
  private CliRun pruneAll() {
    return CliRun.of(
        "prune", "--store", store, "--keep-file", keepFile, "--until", "2030-01-01T00:00:00Z");
  }
}
