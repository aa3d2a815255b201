package dev.pullgate.kubelet;

import static dev.pullgate.kubelet.KubeletRecords.asTheKubeletKeepsIt;
import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names, modes, atomic writes and the reading rules of a kubelet records directory. */
class KubeletRecordDirectoryTest {
  @TempDir Path tmp;

  @Test
  void fileName_isSha256OfTheKey_asTheKubeletNamesIt() {
    // Names of files the kubelet wrote for these keys.
    assertThat(KubeletRecordDirectory.fileName("repo.repo/test/test:v1"))
        .isEqualTo("sha256-ee81caca15454863449fb55a1d942904d56d5ed9f9b20a7cb3453944ea2c7e11");
    assertThat(KubeletRecordDirectory.fileName("testimageref"))
        .isEqualTo("sha256-b3c0cc4278800b03a308ceb2611161430df571ca733122f0a40ac8b9792a9064");
  }

  @Test
  void write_createsOwnerOnlyDirectoriesAndFiles() throws Exception {
    Path root = tmp.resolve("image_manager");
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    directory.writePulledRecord(richRecord("sha256:a", T0), KubeletApiVersion.V1BETA1);
    directory.writePullIntent("app:v1", KubeletApiVersion.V1BETA1);

    assertThat(mode(root)).isEqualTo("rwx------");
    assertThat(mode(root.resolve("pulled"))).isEqualTo("rwx------");
    assertThat(mode(root.resolve("pulling"))).isEqualTo("rwx------");
    assertThat(mode(root.resolve("pulled").resolve(KubeletRecordDirectory.fileName("sha256:a"))))
        .isEqualTo("rw-------");
    assertThat(mode(root.resolve("pulling").resolve(KubeletRecordDirectory.fileName("app:v1"))))
        .isEqualTo("rw-------");
  }

  @Test
  void write_replacesTheFileAndLeavesNoTemporaryFile() throws Exception {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp);
    directory.writePulledRecord(richRecord("sha256:a", T0), KubeletApiVersion.V1ALPHA1);
    PulledRecord newer = PulledRecord.withoutCredentials("sha256:a", T0.plusSeconds(9));
    directory.writePulledRecord(newer, KubeletApiVersion.V1BETA1);

    try (Stream<Path> files = Files.list(tmp.resolve("pulled"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly(KubeletRecordDirectory.fileName("sha256:a"));
    }
    assertThat(directory.readPulledRecord("sha256:a")).contains(newer);
    assertThat(read(tmp.resolve("pulled").resolve(KubeletRecordDirectory.fileName("sha256:a"))))
        .contains("kubelet.config.k8s.io/v1beta1");
  }

  @Test
  void read_fileWhoseKeyIsNotItsName_isAbsent() throws Exception {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp);
    directory.writePulledRecord(richRecord("sha256:other", T0), KubeletApiVersion.V1BETA1);
    directory.writePullIntent("other:v1", KubeletApiVersion.V1BETA1);
    move(tmp.resolve("pulled"), "sha256:other", "sha256:mine");
    move(tmp.resolve("pulling"), "other:v1", "mine:v1");

    assertThat(directory.readPulledRecord("sha256:mine")).isEmpty();
    assertThat(directory.pullIntentExists("mine:v1")).isFalse();
    assertThat(directory.listPulledRecords().items()).isEmpty();
    assertThat(directory.listPulledRecords().errors())
        .containsExactly(
            new ReadError(
                KubeletRecordDirectory.fileName("sha256:mine"),
                "its stored key does not match the file name"));
  }

  @Test
  void read_damagedFile_throwsWithoutEchoingItsContents() throws Exception {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp);
    directory.createDirectories();
    String secretLooking = "0123456789abcdef0123456789abcdef";
    Files.writeString(
        tmp.resolve("pulled").resolve(KubeletRecordDirectory.fileName("sha256:x")),
        "{\"kind\":\"ImagePulledRecord\",\"" + secretLooking);

    assertThatThrownBy(() -> directory.readPulledRecord("sha256:x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(KubeletRecordDirectory.fileName("sha256:x"))
        .hasMessageContaining("truncated JSON")
        .hasNoCause()
        .message()
        .doesNotContain(secretLooking);
  }

  @Test
  void list_skipsTemporaryAndForeignFilesAndSubdirectories() throws Exception {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp);
    PulledRecord record = richRecord("sha256:a", T0);
    directory.writePulledRecord(record, KubeletApiVersion.V1BETA1);
    Path pulled = tmp.resolve("pulled");
    String name = KubeletRecordDirectory.fileName("sha256:b");
    Files.writeString(pulled.resolve(name + ".tmp"), "{\"half\":");
    Files.writeString(pulled.resolve("notes.txt"), "hello");
    Files.createDirectory(pulled.resolve("sha256-subdir"));

    Listing<PulledRecord> listing = directory.listPulledRecords();

    assertThat(listing.items()).containsExactly(asTheKubeletKeepsIt(record));
    assertThat(listing.errors()).isEmpty();
    assertThat(listing.skipped())
        .extracting(SkippedFile::fileName)
        .containsExactly("notes.txt", name + ".tmp", "sha256-subdir");
    assertThat(directory.countPulledRecordFiles()).isOne();
  }

  @Test
  void list_missingDirectory_isEmpty() {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp.resolve("absent"));
    assertThat(directory.listPullIntents().items()).isEmpty();
    assertThat(directory.countPullIntentFiles()).isZero();
    assertThat(directory.readPulledRecord("sha256:a")).isEmpty();
  }

  @Test
  void delete_reportsWhetherAFileWasThere() {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp);
    directory.writePullIntent("app:v1", KubeletApiVersion.V1BETA1);
    assertThat(directory.deletePullIntent("app:v1")).isTrue();
    assertThat(directory.deletePullIntent("app:v1")).isFalse();
    assertThat(directory.pullIntentExists("app:v1")).isFalse();
  }

  private static void move(Path dir, String fromKey, String toKey) throws Exception {
    Files.move(
        dir.resolve(KubeletRecordDirectory.fileName(fromKey)),
        dir.resolve(KubeletRecordDirectory.fileName(toKey)));
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void list_fifo_isSkippedWithoutBeingOpened_andReadingItFails() throws Exception {
    Path pulled = Files.createDirectories(tmp.resolve("pulled"));
    String name = KubeletRecordDirectory.fileName("sha256:fifo");
    assumeTrue(mkfifo(pulled.resolve(name)), "mkfifo is needed for this test");
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp);

    Listing<PulledRecord> listing =
        assertTimeoutPreemptively(Duration.ofSeconds(10), directory::listPulledRecords);

    assertThat(listing.items()).isEmpty();
    assertThat(listing.errors()).isEmpty();
    assertThat(listing.skipped())
        .containsExactly(
            new SkippedFile(
                name, "not a regular file (a FIFO, socket or device), so it was not opened"));
    assertThat(directory.countPulledRecordFiles()).isZero();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> directory.readPulledRecord("sha256:fifo"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not a regular file"));
  }

  @Test
  void list_fileLargerThan16MiB_isAnErrorWithoutReadingItAll() throws Exception {
    Path pulled = Files.createDirectories(tmp.resolve("pulled"));
    String name = KubeletRecordDirectory.fileName("sha256:big");
    byte[] big = new byte[RecordFiles.MAX_RECORD_FILE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    Files.write(pulled.resolve(name), big);
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(tmp);

    assertThat(directory.listPulledRecords().errors())
        .containsExactly(
            new ReadError(
                name, "larger than 16 MiB (16,777,216 bytes), the limit for a record file"));
    assertThatThrownBy(() -> directory.readPulledRecord("sha256:big"))
        .isInstanceOf(StoreException.class)
        .hasMessageEndingWith(
            ": larger than 16 MiB (16,777,216 bytes), the limit for a record file");
  }

  /** Makes a FIFO at {@code path}; false when this system cannot. */
  static boolean mkfifo(Path path) throws InterruptedException {
    try {
      Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
      return process.waitFor() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
