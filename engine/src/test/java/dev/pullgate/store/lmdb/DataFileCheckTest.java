package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.lmdb.DataFileEdits.metaField;
import static dev.pullgate.store.lmdb.DataFileEdits.putInt;
import static dev.pullgate.store.lmdb.DataFileEdits.putLong;
import static dev.pullgate.store.lmdb.DataFileEdits.putShort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.testing.ChildJvm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * The check of data.mdb before LMDB maps it: it passes every file LMDB wrote and refuses damaged
 * meta pages, damaged root pages and truncations, naming the file. It only reads the file, so these
 * cases run in this JVM; {@link StoreFilesDamageProcessTest} opens such stores through LMDB.
 */
class DataFileCheckTest {
  @TempDir static Path template;
  @TempDir Path tmp;

  @BeforeAll
  static void populate() {
    DataFileEdits.populatedStore(template);
  }

  @Test
  void storesLmdbWrote_pass() throws Exception {
    Path store = DataFileEdits.copy(template, tmp.resolve("store"));
    DataFileCheck.Result result = DataFileCheck.check(store);
    assertThat(result.namedDatabases()).isEqualTo(Schema.DATABASES);
    assertThat(result.fileBytes()).isEqualTo(Files.size(DataFileEdits.data(store)));
    assertThat(result.fileBytes()).isEqualTo((result.lastPage() + 1) * result.pageSize());

    Path fixture = tmp.resolve("release-0.1.0");
    Files.createDirectories(fixture);
    try (var in = getClass().getResourceAsStream("/fixtures/store-v1/data.mdb")) {
      Files.copy(in, DataFileEdits.data(fixture));
    }
    assertThat(DataFileCheck.check(fixture).namedDatabases()).isEqualTo(3);

    Path fresh = tmp.resolve("fresh");
    Files.createDirectories(fresh);
    Env.create().setMaxDbs(1).open(fresh.toFile(), EnvFlags.MDB_NOTLS).close();
    assertThat(DataFileCheck.check(fresh).namedDatabases()).isZero();
  }

  static Stream<Arguments> damagedMetaPages() {
    return Stream.of(
        damage(
            "magic",
            (dir, newer, older) ->
                putInt(dir, metaField(dir, 0, MetaPage.MAGIC_OFFSET), 0x12345678),
            "meta page 0 of data.mdb has magic number 0x12345678"),
        damage(
            "data version",
            (dir, newer, older) -> putInt(dir, metaField(dir, 1, MetaPage.VERSION_OFFSET), 2),
            "meta page 1 of data.mdb has data version 2"),
        damage(
            "page flags",
            (dir, newer, older) -> putShort(dir, MetaPage.FLAGS_OFFSET, MetaPage.P_LEAF),
            "meta page 0 of data.mdb is not a meta page"),
        damage(
            "page number",
            (dir, newer, older) -> putLong(dir, metaField(dir, 1, MetaPage.PGNO_OFFSET), 0),
            "meta page 1 of data.mdb is not a meta page"),
        damage(
            "page size not a power of two",
            (dir, newer, older) -> putInt(dir, pageSizeField(dir, 1), 4000),
            "meta page 1 of data.mdb has page size 4000"),
        damage(
            "page size too large",
            (dir, newer, older) -> putInt(dir, pageSizeField(dir, 1), 65536),
            "meta page 1 of data.mdb has page size 65536"),
        damage(
            "page sizes differ",
            (dir, newer, older) -> putInt(dir, pageSizeField(dir, 1), 2 * (int) newer.pageSize()),
            "the meta pages of data.mdb disagree on the page size"),
        damage(
            "page 0 moved page 1",
            (dir, newer, older) -> putInt(dir, pageSizeField(dir, 0), 2 * (int) newer.pageSize()),
            "meta page 1 of data.mdb is not a meta page"),
        damage(
            "last page 0",
            (dir, newer, older) ->
                putLong(dir, metaField(dir, newer.index(), MetaPage.LAST_PAGE_OFFSET), 0),
            "meta page " + "N" + " of data.mdb says its last page is 0"),
        damage(
            "last page past the file",
            (dir, newer, older) ->
                putLong(
                    dir,
                    metaField(dir, newer.index(), MetaPage.LAST_PAGE_OFFSET),
                    newer.lastPage() + 50),
            "bytes are in use: the file was truncated"),
        damage(
            "main root past the last page",
            (dir, newer, older) ->
                putLong(dir, rootField(dir, newer, MetaPage.MAIN_DB_OFFSET), newer.lastPage() + 1),
            "the root of the main database is page"),
        damage(
            "free root on a meta page",
            (dir, newer, older) -> putLong(dir, rootField(dir, newer, MetaPage.FREE_DB_OFFSET), 1),
            "the root of the free-page database is page 1, outside pages 2 to"),
        damage(
            "root without a depth",
            (dir, newer, older) ->
                putShort(
                    dir,
                    metaField(dir, newer.index(), MetaPage.MAIN_DB_OFFSET + MetaPage.TREE_DEPTH),
                    0),
            "the main database has depth 0"),
        damage(
            "depth without a root",
            (dir, newer, older) ->
                putLong(dir, rootField(dir, newer, MetaPage.MAIN_DB_OFFSET), MetaPage.P_INVALID),
            "the main database has no root page but depth"),
        damage(
            "only the older meta page",
            (dir, newer, older) ->
                putLong(dir, rootField(dir, older, MetaPage.MAIN_DB_OFFSET), older.lastPage() + 9),
            "meta page " + "O" + " of data.mdb is inconsistent"),
        damage(
            "transaction ids swapped",
            (dir, newer, older) -> {
              putLong(dir, metaField(dir, newer.index(), MetaPage.TXNID_OFFSET), older.txnid());
              putLong(dir, metaField(dir, older.index(), MetaPage.TXNID_OFFSET), newer.txnid());
            },
            "which LMDB writes to meta page"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedMetaPages")
  void damagedMetaPage_isRefusedNamingTheFile(String name, Edit edit, String expected)
      throws Exception {
    Path store = DataFileEdits.copy(template, tmp.resolve("store"));
    MetaPage newer = DataFileEdits.newerMeta(store);
    MetaPage older = DataFileEdits.meta(store, 1 - newer.index());
    edit.apply(store, newer, older);
    String message =
        expected
            .replace("page N ", "page " + newer.index() + " ")
            .replace("page O ", "page " + older.index() + " ");
    assertRefused(store, message);
  }

  @Test
  void damagedRootPageHeaders_areRefusedNamingThePage() throws Exception {
    MetaPage newer = DataFileEdits.newerMeta(template);
    long mainRoot = newer.mainDb().root() * newer.pageSize();
    long freeRoot = newer.freeDb().root() * newer.pageSize();

    Path moved = DataFileEdits.copy(template, tmp.resolve("moved"));
    putLong(moved, mainRoot + MetaPage.PGNO_OFFSET, newer.mainDb().root() + 1);
    assertRefused(
        moved, "the root of its main database, says it is page " + (newer.mainDb().root() + 1));

    Path overflow = DataFileEdits.copy(template, tmp.resolve("overflow"));
    putShort(overflow, mainRoot + MetaPage.FLAGS_OFFSET, MetaPage.P_OVERFLOW);
    assertRefused(overflow, "the root of its main database, has page flags 0x4");

    Path bounds = DataFileEdits.copy(template, tmp.resolve("bounds"));
    putShort(bounds, freeRoot + MetaPage.LOWER_OFFSET, 3);
    assertRefused(bounds, "the root of its free-page database, has free-space bounds");

    long metaRoot = DataFileEdits.namedRoot(template, Schema.META_DB) * newer.pageSize();
    Path namedBounds = DataFileEdits.copy(template, tmp.resolve("named-bounds"));
    putShort(namedBounds, metaRoot + MetaPage.LOWER_OFFSET, 0x9016);
    assertRefused(namedBounds, "the root of its named 'meta' database, has free-space bounds");

    long records = DataFileEdits.namedRoot(template, Schema.RECORDS_DB);
    Path namedFlags = DataFileEdits.copy(template, tmp.resolve("named-flags"));
    putShort(namedFlags, records * newer.pageSize() + MetaPage.FLAGS_OFFSET, MetaPage.P_LEAF);
    assertRefused(
        namedFlags, "page " + records + " of data.mdb, the root of its named 'pulled-records'");
  }

  @Test
  void truncatedFiles_areRefusedNamingTheSizes() throws Exception {
    long used = DataFileEdits.newerMeta(template).usedBytes();
    long page = DataFileEdits.newerMeta(template).pageSize();
    Object[][] cases = {
      {0L, "data.mdb is empty (0 bytes)"},
      {100L, "data.mdb is 100 bytes, too short for LMDB's first meta page"},
      {page + 100, "shorter than its two meta pages"},
      {used - page, "bytes but its meta page"},
      {
        used - 1,
        String.format(java.util.Locale.ROOT, "data.mdb is %,d bytes but its meta page", used - 1)
      },
    };
    for (Object[] c : cases) {
      Path store = DataFileEdits.copy(template, tmp.resolve("cut-" + c[0]));
      DataFileEdits.truncate(store, (Long) c[0]);
      assertRefused(store, (String) c[1]);
    }
  }

  @Test
  void fileEndingBeforeItsLastPages_passesWhenThoseAreFree_andIsRefusedOtherwise()
      throws Exception {
    Path store = tmp.resolve("loose");
    looseLastPages(store);
    MetaPage newer = DataFileEdits.newerMeta(store);
    long size = Files.size(DataFileEdits.data(store));
    assertThat(size).as("LMDB left free last pages unwritten").isLessThan(newer.usedBytes());

    assertThat(DataFileCheck.check(store).fileBytes()).isEqualTo(size);
    ChildJvm.Result read = ChildJvm.run(LmdbReadAllProcess.class, List.of(store.toString()));
    assertThat(read.exitCode()).as(read.describe()).isZero();
    assertThat(read.lines()).as(read.describe()).containsExactly("read 300 entries");

    Path midPage = DataFileEdits.copy(store, tmp.resolve("mid-page"));
    DataFileEdits.truncate(midPage, size - newer.pageSize() / 2);
    assertRefused(midPage, "bytes are in use: the file was truncated");

    Path noFreeList = DataFileEdits.copy(store, tmp.resolve("no-free-list"));
    putLong(noFreeList, newer.freeDb().root() * newer.pageSize(), 0);
    assertRefused(noFreeList, "bytes are in use: the file was truncated");
  }

  @Test
  void checkBesideAWriterThatCommits_neverRefusesTheSoundFile() throws Exception {
    Path store = tmp.resolve("busy");
    AtomicBoolean done = new AtomicBoolean();
    LmdbPullRecordStore.Options defaults = LmdbPullRecordStore.Options.of(store);
    LmdbPullRecordStore.Options fewerSyncs =
        new LmdbPullRecordStore.Options(
            store, defaults.mapSize(), defaults.maxMapSize(), false, defaults.maxReaders());
    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(fewerSyncs)) {
      Thread writes =
          new Thread(
              () -> {
                for (int i = 0; i < 150; i++) {
                  writer.write(
                      Update.putRecord(richRecord("sha256:w" + (i % 40), T0.plusSeconds(i))));
                  if (i % 3 == 0) {
                    writer.write(Update.deleteRecord("sha256:w" + ((i + 7) % 40)));
                  }
                }
                done.set(true);
              });
      writes.start();
      int checks = 0;
      while (!done.get()) {
        DataFileCheck.check(store);
        checks++;
      }
      writes.join();
      assertThat(checks).isPositive();
    }
  }

  /**
   * Builds an environment whose last pages LMDB never wrote: in each of three transactions, 500
   * entries are added and the last 400 deleted again, so the pages they took are freed ("loose")
   * and listed free without being written.
   */
  private static void looseLastPages(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Env<ByteBuffer> env =
        Env.create().setMapSize(1 << 26).setMaxDbs(1).open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      Dbi<ByteBuffer> dbi = env.openDbi("entries", DbiFlags.MDB_CREATE);
      for (int round = 0; round < 3; round++) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
          for (int i = 0; i < 500; i++) {
            dbi.put(txn, key(round * 1000 + i), ByteBuffer.allocateDirect(300));
          }
          for (int i = 499; i >= 100; i--) {
            dbi.delete(txn, key(round * 1000 + i));
          }
          txn.commit();
        }
      }
    }
  }

  private static ByteBuffer key(long n) {
    return ByteBuffer.allocateDirect(8).putLong(0, n);
  }

  private static long pageSizeField(Path dir, int index) throws IOException {
    return metaField(dir, index, MetaPage.FREE_DB_OFFSET + MetaPage.TREE_PAD);
  }

  private static long rootField(Path dir, MetaPage meta, int tree) throws IOException {
    return metaField(dir, meta.index(), tree + MetaPage.TREE_ROOT);
  }

  private static void assertRefused(Path store, String expected) throws IOException {
    byte[] before = Files.readAllBytes(DataFileEdits.data(store));
    assertThatThrownBy(() -> DataFileCheck.check(store))
        .isInstanceOf(StoreDamagedException.class)
        .hasMessageContaining("store at " + store + " is damaged: ")
        .hasMessageContaining(expected)
        .hasMessageContaining("pullgate verify --store " + store);
    assertThat(Files.readAllBytes(DataFileEdits.data(store))).isEqualTo(before);
  }

  private static Arguments damage(String name, Edit edit, String expected) {
    return Arguments.of(name, edit, expected);
  }

  /** One way to damage a store's meta pages, given both as they were. */
  @FunctionalInterface
  interface Edit {
    void apply(Path dir, MetaPage newer, MetaPage older) throws IOException;
  }
}
