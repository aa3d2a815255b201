package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreException;
import dev.pullgate.store.PullRecordStore.Update;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's files: their modes, the single-writer lock, and read-only opens beside a writer. */
class LmdbStoreFilesTest {
  @TempDir Path tmp;

  @Test
  void newStore_isCreatedWithDirectory0700AndFiles0600() throws Exception {
    Path dir = tmp.resolve("a/b/store");
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(richRecord("sha256:m", T0)));
      assertModes(dir);
    }
  }

  @Test
  void existingLooseModes_areTightenedAtOpen() throws Exception {
    Path dir = tmp.resolve("store");
    LmdbPullRecordStore.open(dir).close();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String file : new String[] {"data.mdb", "lock.mdb", "pullgate.lock"}) {
      Files.setPosixFilePermissions(
          dir.resolve(file), PosixFilePermissions.fromString("rw-rw-r--"));
    }
    LmdbPullRecordStore.open(dir).close();
    assertModes(dir);
  }

  @Test
  void secondWriter_isRefusedNamingTheLockFile_andAdmittedAfterTheFirstCloses() {
    Path dir = tmp.resolve("store");
    LmdbPullRecordStore first = LmdbPullRecordStore.open(dir);
    try {
      assertThatThrownBy(() -> LmdbPullRecordStore.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(dir.resolve(StoreDirectory.WRITER_LOCK_FILE).toString());
      first.write(Update.putRecord(richRecord("sha256:first", T0)));
    } finally {
      first.close();
    }
    try (LmdbPullRecordStore second = LmdbPullRecordStore.open(dir)) {
      assertThat(second.pulledRecord("sha256:first")).isPresent();
    }
  }

  @Test
  void readOnlyStore_isAdmittedBesideTheWriter_andSeesEachCommittedWrite() {
    Path dir = tmp.resolve("store");
    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(dir)) {
      writer.write(Update.putRecord(richRecord("sha256:one", T0)));
      try (LmdbPullRecordStore reader = LmdbPullRecordStore.openReadOnly(dir)) {
        assertThat(reader.isReadOnly()).isTrue();
        assertThat(reader.pulledRecord("sha256:one")).isPresent();
        assertThat(reader.pullIntentExists("nginx")).isFalse();

        writer.write(Update.putRecord(richRecord("sha256:two", T0)));
        writer.write(Update.putIntent("nginx"));
        assertThat(reader.pulledRecord("sha256:two")).isPresent();
        assertThat(reader.pullIntentExists("nginx")).isTrue();
        assertThat(reader.stats().readOnly()).isTrue();
        assertThat(reader.stats().pulledRecords()).isEqualTo(2);

        assertThatThrownBy(() -> reader.write(Update.putIntent("x")))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("read-only");
      }
      writer.write(Update.putRecord(richRecord("sha256:three", T0)));
      assertThat(writer.pulledRecordCount()).isEqualTo(3);
    }
  }

  @Test
  void readOnlyStore_readsAClosedStore_andRefusesWrites() {
    Path dir = tmp.resolve("store");
    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(dir)) {
      writer.write(Update.putRecord(richRecord("sha256:kept", T0)));
    }
    try (LmdbPullRecordStore reader = LmdbPullRecordStore.openReadOnly(dir)) {
      assertThat(reader.pulledRecord("sha256:kept")).contains(richRecord("sha256:kept", T0));
      assertThat(reader.pulledRecords()).hasSize(1);
      assertThatThrownBy(() -> reader.write(Update.deleteRecord("sha256:kept")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("read-only");
      assertThatThrownBy(() -> LmdbPullRecordStore.open(dir))
          .as("LMDB allows one environment per process")
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("open read-only in this JVM");
    }
    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(dir)) {
      assertThat(writer.pulledRecordCount()).isOne();
    }
  }

  @Test
  void readOnlyOpen_ofADirectoryWithoutAStore_failsWithoutCreatingOne() {
    Path dir = tmp.resolve("nothing");
    assertThatThrownBy(() -> LmdbPullRecordStore.openReadOnly(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no Pullgate store");
    assertThat(dir).doesNotExist();
  }

  private static void assertModes(Path dir) throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    for (String file : new String[] {"data.mdb", "lock.mdb", "pullgate.lock"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
          .as(file)
          .isEqualTo("rw-------");
    }
  }
}
