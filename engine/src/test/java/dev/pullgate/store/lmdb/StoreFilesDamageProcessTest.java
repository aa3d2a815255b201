package dev.pullgate.store.lmdb;

import static dev.pullgate.store.lmdb.DataFileEdits.metaField;
import static dev.pullgate.store.lmdb.DataFileEdits.putInt;
import static dev.pullgate.store.lmdb.DataFileEdits.putLong;
import static dev.pullgate.store.lmdb.DataFileEdits.putShort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged store files opened through the store, in a child JVM because LMDB crashes the process
 * that maps a truncated or damaged file: every open, writable or read-only, with or without an
 * identity file, must end in a refusal that names data.mdb, never in a crash and never in a new,
 * empty store.
 */
class StoreFilesDamageProcessTest {
  @TempDir static Path template;
  @TempDir Path tmp;

  @BeforeAll
  static void populate() {
    DataFileEdits.populatedStore(template);
  }

  @Test
  void truncatedDataFile_isRefusedAtEveryLength_andTheRecordsAreThereOnceRestored()
      throws Exception {
    MetaPage newer = DataFileEdits.newerMeta(template);
    long page = newer.pageSize();
    long used = newer.usedBytes();
    TreeSet<Long> lengths =
        new TreeSet<>(List.of(0L, 1L, page - 1, page, used - page / 2, used - 1));
    for (long boundary = used - page; boundary >= 2 * page; boundary -= page) {
      lengths.add(boundary);
    }
    Map<Path, Long> stores = new LinkedHashMap<>();
    for (long length : lengths) {
      for (boolean identity : new boolean[] {true, false}) {
        Path dir =
            DataFileEdits.copy(template, tmp.resolve((identity ? "ready-" : "no-id-") + length));
        if (!identity) {
          Files.delete(dir.resolve(StoreIdentity.FILE));
        }
        DataFileEdits.truncate(dir, length);
        stores.put(dir, length);
      }
    }

    assertEveryOpenRefused(new ArrayList<>(stores.keySet()));

    for (Map.Entry<Path, Long> store : stores.entrySet()) {
      Path dir = store.getKey();
      assertThat(Files.size(DataFileEdits.data(dir)))
          .as(dir.toString())
          .isEqualTo(store.getValue());
      if (dir.getFileName().toString().startsWith("ready-")) {
        assertThat(StoreIdentity.read(dir).orElseThrow().state())
            .isEqualTo(StoreIdentity.State.READY);
      } else {
        assertThat(dir.resolve(StoreIdentity.FILE)).doesNotExist();
      }
    }
    Path restored = tmp.resolve("ready-0");
    Files.copy(
        DataFileEdits.data(template),
        DataFileEdits.data(restored),
        StandardCopyOption.REPLACE_EXISTING);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(restored)) {
      assertThat(store.pulledRecordCount()).isEqualTo(DataFileEdits.RECORDS);
      assertThat(store.pulledRecord("sha256:record-0")).isPresent();
    }
  }

  @Test
  void damagedMetaOrRootPages_areRefusedByEveryOpen() throws Exception {
    MetaPage newer = DataFileEdits.newerMeta(template);
    MetaPage older = DataFileEdits.meta(template, 1 - newer.index());
    long mainRoot = newer.mainDb().root() * newer.pageSize();
    List<Path> stores = new ArrayList<>();
    stores.add(damaged("magic", dir -> putInt(dir, MetaPage.MAGIC_OFFSET, 0x0DF0ADBA)));
    stores.add(
        damaged("version", dir -> putInt(dir, metaField(dir, 1, MetaPage.VERSION_OFFSET), 7)));
    stores.add(
        damaged(
            "page-size", dir -> putInt(dir, metaField(dir, 1, MetaPage.FREE_DB_OFFSET), 3 * 4096)));
    stores.add(
        damaged(
            "last-page",
            dir ->
                putLong(
                    dir,
                    metaField(dir, newer.index(), MetaPage.LAST_PAGE_OFFSET),
                    newer.lastPage() * 4)));
    stores.add(
        damaged(
            "main-root",
            dir ->
                putLong(
                    dir,
                    metaField(dir, newer.index(), MetaPage.MAIN_DB_OFFSET + MetaPage.TREE_ROOT),
                    newer.lastPage() + 3)));
    stores.add(
        damaged(
            "older-only",
            dir ->
                putLong(
                    dir,
                    metaField(dir, older.index(), MetaPage.FREE_DB_OFFSET + MetaPage.TREE_ROOT),
                    older.lastPage() + 100)));
    stores.add(
        damaged(
            "txnid-swapped",
            dir -> {
              putLong(dir, metaField(dir, newer.index(), MetaPage.TXNID_OFFSET), older.txnid());
              putLong(dir, metaField(dir, older.index(), MetaPage.TXNID_OFFSET), newer.txnid());
            }));
    stores.add(damaged("root-pgno", dir -> putLong(dir, mainRoot, 0)));
    stores.add(damaged("root-flags", dir -> putShort(dir, mainRoot + MetaPage.FLAGS_OFFSET, 0x12)));
    stores.add(
        damaged("root-bounds", dir -> putShort(dir, mainRoot + MetaPage.UPPER_OFFSET, 0xFFFF)));
    long metaRoot = DataFileEdits.namedRoot(template, Schema.META_DB) * newer.pageSize();
    stores.add(
        damaged(
            "named-root-bounds", dir -> putShort(dir, metaRoot + MetaPage.LOWER_OFFSET, 0x9016)));

    assertEveryOpenRefused(stores);
  }

  @Test
  void damagedPagesBelowTheRoots_areRefusedByEveryOpen_insteadOfCrashingLmdb() throws Exception {
    Path scenario = tmp.resolve("scenario");
    CorruptionScenario.create().build(scenario);
    StoreLayout layout = StoreLayout.of(scenario);
    List<Path> stores = new ArrayList<>();
    long offsets =
        layout.ranges(StoreLayout.Region.NODE_OFFSETS, Schema.RECORDS_DB).get(0).offset();
    for (int i = 0; i < 3; i++) {
      int value = new int[] {0x0FF9, 0x0010, 0xFFF0}[i];
      Path dir = DataFileEdits.copy(scenario, tmp.resolve("node-offset-" + i));
      putShort(dir, offsets, value);
      stores.add(dir);
    }
    StoreLayout.Range header =
        layout.ranges(StoreLayout.Region.NODE_HEADER, Schema.INDEX_DB).get(0);
    Path flags = DataFileEdits.copy(scenario, tmp.resolve("node-flags"));
    putShort(flags, header.offset() + DataFilePages.NODE_FLAGS, 0x04);
    stores.add(flags);
    Path keySize = DataFileEdits.copy(scenario, tmp.resolve("key-size"));
    putShort(keySize, header.offset() + DataFilePages.NODE_KEY_SIZE, 0xFFFF);
    stores.add(keySize);

    assertEveryOpenRefused(stores);
  }

  private Path damaged(String name, Damage damage) throws IOException {
    Path dir = DataFileEdits.copy(template, tmp.resolve(name));
    damage.apply(dir);
    return dir;
  }

  /** Opens each store for writing, then read-only, in one child JVM, and expects two refusals. */
  private static void assertEveryOpenRefused(List<Path> stores) throws Exception {
    List<String> args = new ArrayList<>();
    for (Path dir : stores) {
      args.add("write=" + dir);
      args.add("read=" + dir);
    }

    ChildJvm.Result child = ChildJvm.run(StoreOpenProcess.class, args);

    assertThat(child.exitCode()).as(child.describe()).isZero();
    assertThat(child.lines()).as(child.describe()).hasSize(args.size());
    for (int i = 0; i < args.size(); i++) {
      assertThat(child.lines().get(i))
          .as(args.get(i))
          .startsWith("refused StoreDamagedException store at ")
          .contains(" is damaged: ")
          .contains("data.mdb")
          .contains("pullgate verify --store");
    }
  }

  @FunctionalInterface
  interface Damage {
    void apply(Path dir) throws IOException;
  }
}
