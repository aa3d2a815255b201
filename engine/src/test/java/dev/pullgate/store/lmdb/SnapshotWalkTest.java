package dev.pullgate.store.lmdb;

import static dev.pullgate.store.lmdb.DataFileEdits.metaField;
import static dev.pullgate.store.lmdb.DataFileEdits.putLong;
import static dev.pullgate.store.lmdb.DataFileEdits.putShort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.store.lmdb.StoreLayout.Range;
import dev.pullgate.store.lmdb.StoreLayout.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk of every page before LMDB maps the file: it passes the stores LMDB wrote and refuses
 * damage below the roots that would crash LMDB or mislead it (node offsets, node flags, key sizes,
 * child and overflow page numbers, free-page lists), and transaction ids changed so that LMDB would
 * open the older snapshot and undo the last commit. It only reads, so these cases run in this JVM;
 * {@link StoreFilesDamageProcessTest} opens such files through LMDB.
 */
class SnapshotWalkTest {
  @TempDir static Path template;
  @TempDir Path tmp;
  private static StoreLayout layout;

  @BeforeAll
  static void build() throws IOException {
    CorruptionScenario.create().build(template);
    layout = StoreLayout.of(template);
  }

  @Test
  void storeWithBranchAndOverflowPages_passes() throws Exception {
    assertThat(layout.ranges(Region.BRANCH_KEY, Schema.RECORDS_DB)).isNotEmpty();
    assertThat(layout.ranges(Region.PAGE_HEADER).stream().map(Range::database))
        .contains(Schema.RECORDS_DB, Schema.INDEX_DB, "free-page");
    DataFileCheck.Result result = DataFileCheck.check(template);
    assertThat(result.namedDatabases()).isEqualTo(Schema.DATABASES);
  }

  @Test
  void nodeOffsetOutsideItsPage_isRefused() throws Exception {
    Range offsets = layout.ranges(Region.NODE_OFFSETS, Schema.RECORDS_DB).get(0);
    Path store = copy("node-offset");
    putShort(store, offsets.offset(), 0xFFF1);
    assertRefused(store, "node 0 lies at offset 65521, outside the page's node space");
  }

  @Test
  void nodeFlagsLmdbNeverWritesInALeaf_areRefused() throws Exception {
    Range header = leafNodeHeader(Schema.RECORDS_DB);
    Path store = copy("node-flags");
    putShort(store, header.offset() + DataFilePages.NODE_FLAGS, 0x04);
    assertRefused(store, "has node flags 0x4, which LMDB does not write there");
  }

  @Test
  void lowerBoundThatDropsANode_isRefused_insteadOfHidingItsKey() throws Exception {
    Range header =
        layout.ranges(Region.PAGE_HEADER, Schema.RECORDS_DB).stream()
            .filter(
                r ->
                    layout.ranges(Region.LEAF_KEY, Schema.RECORDS_DB).stream()
                        .anyMatch(k -> k.pgno() == r.pgno()))
            .findFirst()
            .orElseThrow();
    Path store = copy("lower");
    long lower = header.offset() + MetaPage.LOWER_OFFSET;
    putShort(store, lower, (int) DataFileEdits.getShort(store, lower) - 2);
    assertRefused(store, "a node was lost or its size changed");
  }

  @Test
  void absurdMapSize_isRefused_beforeLmdbTriesToMapIt() throws Exception {
    MetaPage newer = DataFileEdits.newerMeta(template);
    Path store = copy("map-size");
    putLong(store, metaField(store, newer.index(), MetaPage.MAP_SIZE_OFFSET), 1L << 56);
    assertRefused(store, "records a map size of 72057594037927936 bytes");
  }

  @Test
  void keyLongerThanLmdbAllows_isRefused() throws Exception {
    Range header = leafNodeHeader(Schema.INTENTS_DB);
    Path store = copy("key-size");
    putShort(store, header.offset() + DataFilePages.NODE_KEY_SIZE, 3000);
    assertRefused(store, "has a key of 3000 bytes, past its page");
  }

  @Test
  void childPointerToAnotherLivePage_isRefused() throws Exception {
    Range branchKey = layout.ranges(Region.BRANCH_KEY, Schema.RECORDS_DB).get(0);
    long node = branchKey.offset() - DataFilePages.NODE_HEADER_BYTES;
    long elsewhere = layout.ranges(Region.PAGE_HEADER, Schema.INDEX_DB).get(0).pgno();
    Path store = copy("child");
    putShort(store, node + DataFilePages.NODE_LO, (int) elsewhere);
    putShort(store, node + DataFilePages.NODE_HI, 0);
    assertRefused(store, "is reached twice");
  }

  @Test
  void overflowPageWithADamagedHeader_isRefused() throws Exception {
    long overflow =
        layout.ranges(Region.VALUE, Schema.RECORDS_DB).stream()
            .filter(r -> r.length() > layout.pageSize() / 2)
            .findFirst()
            .orElseThrow()
            .pgno();
    Path store = copy("overflow");
    putShort(store, overflow * layout.pageSize() + MetaPage.FLAGS_OFFSET, MetaPage.P_LEAF);
    assertRefused(store, "overflow page " + overflow + ", which");
  }

  @Test
  void livePageListedFree_isRefused() throws Exception {
    Range freeList =
        layout.ranges(Region.VALUE, "free-page").stream()
            .filter(r -> r.length() >= 16)
            .findFirst()
            .orElseThrow();
    long live = layout.ranges(Region.PAGE_HEADER, Schema.RECORDS_DB).get(0).pgno();
    Path store = copy("free-overlap");
    putLong(store, freeList.offset() + 8, live);
    assertRefused(store, "page " + live + " is listed as free but is in use by a database");
  }

  @Test
  void olderSnapshotMadeNewestByAChangedId_isRefused_insteadOfUndoingTheLastCommit()
      throws Exception {
    MetaPage newer = DataFileEdits.newerMeta(template);
    MetaPage older = DataFileEdits.meta(template, 1 - newer.index());
    Path store = copy("older-newest");
    putLong(store, metaField(store, older.index(), MetaPage.TXNID_OFFSET), newer.txnid() + 1);
    assertRefused(store, "lists no page freed by it");
  }

  @Test
  void newestSnapshotMadeOlderByAChangedId_isRefused_insteadOfUndoingTheLastCommit()
      throws Exception {
    MetaPage newer = DataFileEdits.newerMeta(template);
    MetaPage older = DataFileEdits.meta(template, 1 - newer.index());
    Path store = copy("newest-older");
    putLong(store, metaField(store, newer.index(), MetaPage.TXNID_OFFSET), older.txnid() - 1);
    assertRefused(store, "lists pages freed by the later transaction " + newer.txnid());
  }

  @Test
  void metaPagesWhoseIdsAreNotTheLastTwo_areRefused() throws Exception {
    MetaPage newer = DataFileEdits.newerMeta(template);
    Path store = copy("far-ids");
    putLong(store, metaField(store, newer.index(), MetaPage.TXNID_OFFSET), newer.txnid() + 64);
    assertRefused(store, "where LMDB keeps the last two");
  }

  private static Range leafNodeHeader(String database) {
    return layout.ranges(Region.NODE_HEADER, database).stream()
        .filter(r -> r.length() == DataFilePages.NODE_HEADER_BYTES)
        .filter(
            r ->
                layout.ranges(Region.LEAF_KEY, database).stream()
                    .anyMatch(k -> k.pgno() == r.pgno()))
        .findFirst()
        .orElseThrow();
  }

  private Path copy(String name) throws IOException {
    return DataFileEdits.copy(template, tmp.resolve(name));
  }

  private static void assertRefused(Path store, String expected) throws IOException {
    byte[] before = Files.readAllBytes(DataFileEdits.data(store));
    assertThatThrownBy(() -> DataFileCheck.check(store))
        .isInstanceOf(StoreDamagedException.class)
        .hasMessageContaining("store at " + store + " is damaged: ")
        .hasMessageContaining(expected)
        .hasMessageContaining("data.mdb");
    assertThat(Files.readAllBytes(DataFileEdits.data(store))).isEqualTo(before);
  }
}
