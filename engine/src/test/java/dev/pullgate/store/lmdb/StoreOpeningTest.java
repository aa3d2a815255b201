package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.store.PullRecordStore.Update;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * The open protocol: a store is created only where none existed, an unfinished creation is
 * finished, a store that existed is never recreated, and an environment without an identity is
 * adopted only when it is Pullgate's. Every data file here is sound, so LMDB may map it in this
 * JVM.
 */
class StoreOpeningTest {
  @TempDir static Path template;
  @TempDir Path tmp;

  @BeforeAll
  static void populate() {
    DataFileEdits.populatedStore(template);
  }

  @Test
  void newStore_writesItsIdentityReady_0600() throws Exception {
    Path dir = tmp.resolve("store");
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(richRecord("sha256:one", T0)));
    }
    StoreIdentity identity = StoreIdentity.read(dir).orElseThrow();
    assertThat(identity.state()).isEqualTo(StoreIdentity.State.READY);
    assertThat(Files.readString(dir.resolve(StoreIdentity.FILE))).isEqualTo(identity.text());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identityFile(dir))))
        .isEqualTo("rw-------");
    assertThat(dir.resolve(StoreIdentity.FILE + ".tmp")).doesNotExist();

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.pulledRecordCount()).isOne();
    }
    assertThat(StoreIdentity.read(dir).orElseThrow().id()).isEqualTo(identity.id());
  }

  @Test
  void readyStoreWhoseDataFileIsMissingOrEmpty_isRefused_andNeverRecreated() throws Exception {
    Path missing = populated("missing");
    Files.delete(DataFileEdits.data(missing));
    Path empty = populated("empty");
    DataFileEdits.truncate(empty, 0);

    for (Path dir : List.of(missing, empty)) {
      String identity = Files.readString(identityFile(dir));
      assertThatThrownBy(() -> LmdbPullRecordStore.open(dir))
          .isInstanceOf(StoreDamagedException.class)
          .hasMessageContaining("data.mdb");
      assertThatThrownBy(() -> LmdbPullRecordStore.openReadOnly(dir))
          .isInstanceOf(StoreDamagedException.class)
          .hasMessageContaining("data.mdb");
      assertThat(Files.readString(identityFile(dir))).isEqualTo(identity);
    }
    assertThat(DataFileEdits.data(missing)).doesNotExist();
    assertThat(DataFileEdits.data(empty)).isEmptyFile();
  }

  @Test
  void storeThatLostDataFileAndIdentity_isNotRecreatedWhileLmdbsLockFileRemains() throws Exception {
    Path dir = populated("lost-both");
    LmdbPullRecordStore.open(dir).close();
    Files.delete(DataFileEdits.data(dir));
    Files.delete(identityFile(dir));

    assertThatThrownBy(() -> LmdbPullRecordStore.open(dir))
        .isInstanceOf(StoreDamagedException.class)
        .hasMessageContaining("data.mdb is missing, but LMDB's lock.mdb shows");
    assertThat(DataFileEdits.data(dir)).doesNotExist();
    assertThat(identityFile(dir)).doesNotExist();

    Files.delete(dir.resolve(StoreDirectory.LMDB_LOCK_FILE));
    try (LmdbPullRecordStore fresh = LmdbPullRecordStore.open(dir)) {
      assertThat(fresh.pulledRecordCount()).isZero();
    }
  }

  @Test
  void readyStoreWithoutASchema_isRefused() throws Exception {
    Path dir = tmp.resolve("no-schema");
    Files.createDirectories(dir);
    Env.create().setMaxDbs(1).open(dir.toFile(), EnvFlags.MDB_NOTLS).close();
    StoreIdentity.create(dir, T0, StoreIdentity.State.READY);

    assertThatThrownBy(() -> LmdbPullRecordStore.open(dir))
        .isInstanceOf(StoreDamagedException.class)
        .hasMessageContaining(
            "data.mdb holds no named database, but pullgate.id says the store is ready");
    assertThat(DataFileCheck.check(dir).namedDatabases()).isZero();
  }

  @Test
  void unfinishedCreation_isFinishedByAWritableOpen_andRefusedReadOnly() throws Exception {
    Path noData = tmp.resolve("no-data");
    Files.createDirectories(noData);
    StoreIdentity.create(noData, T0, StoreIdentity.State.CREATING);
    Path emptyData = tmp.resolve("empty-data");
    Files.createDirectories(emptyData);
    StoreIdentity.create(emptyData, T0, StoreIdentity.State.CREATING);
    Files.createFile(DataFileEdits.data(emptyData));
    Path schemaCommitted = populated("schema-committed");
    rewriteIdentityState(schemaCommitted, "creating");
    Instant committedCreated = StoreIdentity.read(schemaCommitted).orElseThrow().created();

    for (Path dir : List.of(noData, emptyData, schemaCommitted)) {
      assertThatThrownBy(() -> LmdbPullRecordStore.openReadOnly(dir))
          .as(dir.toString())
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("did not finish (pullgate.id says creating)");
      try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
        assertThat(store.pulledRecordCount())
            .isEqualTo(dir == schemaCommitted ? DataFileEdits.RECORDS : 0);
      }
      StoreIdentity identity = StoreIdentity.read(dir).orElseThrow();
      assertThat(identity.state()).isEqualTo(StoreIdentity.State.READY);
      assertThat(identity.created()).isEqualTo(dir == schemaCommitted ? committedCreated : T0);
      LmdbPullRecordStore.openReadOnly(dir).close();
    }
  }

  @Test
  void storeOfThisReleaseWithoutIdentity_isReadAsItIs_andAdoptedByAWritableOpen() throws Exception {
    Path dir = populated("adopted");
    Files.delete(identityFile(dir));

    try (LmdbPullRecordStore reader = LmdbPullRecordStore.openReadOnly(dir)) {
      assertThat(reader.pulledRecordCount()).isEqualTo(DataFileEdits.RECORDS);
    }
    assertThat(identityFile(dir)).doesNotExist();

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.pulledRecord("sha256:record-7")).isPresent();
    }
    assertThat(StoreIdentity.read(dir).orElseThrow().state()).isEqualTo(StoreIdentity.State.READY);
  }

  @Test
  void foreignEnvironments_areRefusedAndLeftUntouched() throws Exception {
    Path extra =
        foreign("extra-database", Schema.META_DB, Schema.RECORDS_DB, Schema.INTENTS_DB, "audit");
    Path partial = foreign("records-only", Schema.RECORDS_DB);
    Path none = foreign("no-database");
    Path plain = tmp.resolve("plain-keys");
    Files.createDirectories(plain);
    try (Env<ByteBuffer> env = Env.create().setMaxDbs(1).open(plain.toFile(), EnvFlags.MDB_NOTLS)) {
      Dbi<ByteBuffer> main = env.openDbi((byte[]) null);
      main.put(direct("meta"), direct("not a database"));
    }

    for (Path dir : List.of(extra, partial, none, plain)) {
      byte[] before = Files.readAllBytes(DataFileEdits.data(dir));
      for (boolean writable : new boolean[] {true, false}) {
        assertThatThrownBy(
                () ->
                    (writable
                            ? LmdbPullRecordStore.open(dir)
                            : LmdbPullRecordStore.openReadOnly(dir))
                        .close())
            .as(dir + (writable ? " writable" : " read-only"))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining(
                dir.toRealPath()
                    + " holds an LMDB environment that Pullgate did not create; it is not adopted");
      }
      assertThat(Files.readAllBytes(DataFileEdits.data(dir))).as(dir.toString()).isEqualTo(before);
      assertThat(identityFile(dir)).doesNotExist();
    }
    assertThatThrownBy(() -> LmdbPullRecordStore.openReadOnly(extra))
        .hasMessageContaining("'audit', 'meta', 'pull-intents', 'pulled-records'");
  }

  @Test
  void unreadableIdentity_isRefusedByEveryOpen_andLeftAsItIs() throws Exception {
    List<String> bad = List.of("garbage\n", "x".repeat(StoreIdentity.MAX_BYTES + 1));
    for (int i = 0; i < bad.size(); i++) {
      Path dir = populated("bad-" + i);
      Files.writeString(identityFile(dir), bad.get(i));
      for (boolean writable : new boolean[] {true, false}) {
        assertThatThrownBy(
                () ->
                    (writable
                            ? LmdbPullRecordStore.open(dir)
                            : LmdbPullRecordStore.openReadOnly(dir))
                        .close())
            .isInstanceOf(StoreDamagedException.class)
            .hasMessageContaining(
                identityFile(dir).toRealPath() + " is not a Pullgate store identity: ");
      }
      assertThat(Files.readString(identityFile(dir))).isEqualTo(bad.get(i));
    }
  }

  @Test
  void storeMarkedDamaged_opensAndStaysMarked() throws Exception {
    Path dir = populated("marked");
    StoreIdentity.read(dir).orElseThrow().markDamaged("verify found 2 damaged pulled records");

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.pulledRecordCount()).isEqualTo(DataFileEdits.RECORDS);
    }
    StoreIdentity identity = StoreIdentity.read(dir).orElseThrow();
    assertThat(identity.state()).isEqualTo(StoreIdentity.State.DAMAGED);
    assertThat(identity.reason()).isEqualTo("verify found 2 damaged pulled records");
  }

  private Path populated(String name) throws IOException {
    return DataFileEdits.copy(template, tmp.resolve(name));
  }

  private static Path identityFile(Path dir) {
    return dir.resolve(StoreIdentity.FILE);
  }

  @Test
  void lmdbLockFileThatIsNotAFile_isRefusedNamingIt() throws Exception {
    Path dir = DataFileEdits.copy(template, tmp.resolve("lock-dir"));
    Files.createDirectory(dir.resolve(StoreDirectory.LMDB_LOCK_FILE));

    for (boolean writable : new boolean[] {true, false}) {
      assertThatThrownBy(
              () ->
                  (writable ? LmdbPullRecordStore.open(dir) : LmdbPullRecordStore.openReadOnly(dir))
                      .close())
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(dir.toRealPath().resolve(StoreDirectory.LMDB_LOCK_FILE).toString())
          .hasMessageContaining("is not a regular file");
    }
    Files.delete(dir.resolve(StoreDirectory.LMDB_LOCK_FILE));
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.pulledRecordCount()).isEqualTo(DataFileEdits.RECORDS);
    }
  }

  private static void rewriteIdentityState(Path dir, String state) throws Exception {
    String text = Files.readString(identityFile(dir));
    Files.writeString(identityFile(dir), text.replace("state ready", "state " + state));
  }

  /** An LMDB environment holding the named databases {@code names}, each with one entry. */
  private Path foreign(String name, String... names) throws Exception {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    try (Env<ByteBuffer> env = Env.create().setMaxDbs(8).open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      for (String db : names) {
        Dbi<ByteBuffer> dbi = env.openDbi(db, DbiFlags.MDB_CREATE);
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
          dbi.put(txn, direct("key"), direct("value"));
          txn.commit();
        }
      }
    }
    return dir;
  }

  private static ByteBuffer direct(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }
}
