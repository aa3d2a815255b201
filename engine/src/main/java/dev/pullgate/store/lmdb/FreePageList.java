package dev.pullgate.store.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;

/**
 * Reads LMDB's free-page database from the data file, to tell whether the pages past the file's end
 * are free ones. LMDB may leave a snapshot's last pages unwritten when they were freed in the same
 * transaction that allocated them (its "loose" pages) and listed as free, so a file that ends on a
 * page boundary before the snapshot's last page is sound exactly when every missing page is listed
 * free; otherwise it was truncated.
 *
 * <p>The free-page database is a B-tree keyed by transaction id whose values are lists of page
 * numbers: a count, then that many numbers, each 8 bytes in native order (nodes as {@link
 * DataFilePages} draws them). An overflow page has the page header (flags 0x04, page count at
 * offset 12) and the value after it, continuing over the following pages. The walk reads only pages
 * inside the file and the snapshot, visits each at most once per path down a tree of the recorded
 * depth, and gives up (answers false) at anything LMDB would not have written.
 */
final class FreePageList {
  private static final int PGNO_BYTES = 8;

  private FreePageList() {}

  /**
   * Whether the free-page database {@code tree} lists every page from {@code from} to the last page
   * of {@code pages}' snapshot as free.
   */
  static boolean listsAll(DataFilePages pages, MetaPage.Tree tree, long from) throws IOException {
    long missing = pages.lastPage() - from + 1;
    if (tree.isEmpty()
        || missing <= 0
        || missing > pages.fileBytes() / PGNO_BYTES
        || missing > Integer.MAX_VALUE) {
      return false;
    }
    BitSet listed = new BitSet((int) missing);
    long budget = pages.fileBytes() / pages.pageSize();
    Deque<long[]> pending = new ArrayDeque<>();
    pending.push(new long[] {tree.root(), 1});
    while (!pending.isEmpty()) {
      if (--budget < 0) {
        return false;
      }
      long[] next = pending.pop();
      long pgno = next[0];
      int level = (int) next[1];
      ByteBuffer page = pages.read(pgno, 0, (int) pages.pageSize());
      if (page == null || page.getLong(MetaPage.PGNO_OFFSET) != pgno) {
        return false;
      }
      boolean leaf = level == tree.depth();
      int flags = Short.toUnsignedInt(page.getShort(MetaPage.FLAGS_OFFSET));
      int keys = pages.keys(page);
      if (keys < 0 || flags != (leaf ? MetaPage.P_LEAF : MetaPage.P_BRANCH)) {
        return false;
      }
      for (int i = 0; i < keys; i++) {
        int node = pages.node(page, keys, i);
        if (node < 0) {
          return false;
        }
        long low = DataFilePages.low(page, node);
        int nodeFlags = DataFilePages.flags(page, node);
        if (!leaf) {
          long child = low | (long) nodeFlags << 32;
          pending.push(new long[] {child, level + 1});
        } else if (!listIds(pages, page, node, low, nodeFlags, from, listed)) {
          return false;
        }
      }
    }
    return listed.cardinality() == missing;
  }

  /** Marks the page numbers at or past {@code from} in the id list of one leaf node. */
  private static boolean listIds(
      DataFilePages pages,
      ByteBuffer page,
      int node,
      long size,
      int nodeFlags,
      long from,
      BitSet listed)
      throws IOException {
    int value = DataFilePages.value(page, node);
    ByteBuffer ids;
    if (nodeFlags == DataFilePages.F_BIGDATA) {
      if (value + PGNO_BYTES > pages.pageSize()) {
        return false;
      }
      ids = overflowValue(pages, page.getLong(value), size);
    } else if (nodeFlags == 0 && value + size <= pages.pageSize()) {
      ids = page.slice(value, (int) size).order(page.order());
    } else {
      return false;
    }
    if (ids == null || ids.remaining() < PGNO_BYTES) {
      return false;
    }
    long count = ids.getLong(0);
    if (count < 0 || count > ids.remaining() / PGNO_BYTES - 1) {
      return false;
    }
    for (int j = 1; j <= count; j++) {
      long id = ids.getLong(j * PGNO_BYTES);
      if (id >= from && id <= pages.lastPage()) {
        listed.set((int) (id - from));
      }
    }
    return true;
  }

  /** The value of {@code size} bytes held on the overflow pages that start at {@code first}. */
  private static ByteBuffer overflowValue(DataFilePages pages, long first, long size)
      throws IOException {
    ByteBuffer header = pages.read(first, 0, MetaPage.PAGE_HEADER_BYTES);
    if (header == null
        || header.getLong(MetaPage.PGNO_OFFSET) != first
        || Short.toUnsignedInt(header.getShort(MetaPage.FLAGS_OFFSET)) != MetaPage.P_OVERFLOW) {
      return null;
    }
    long count = Integer.toUnsignedLong(header.getInt(MetaPage.OVERFLOW_PAGES_OFFSET));
    if (count < 1
        || count > pages.lastPage() - first + 1
        || size > count * pages.pageSize() - MetaPage.PAGE_HEADER_BYTES
        || size > Integer.MAX_VALUE) {
      return null;
    }
    return pages.read(first, MetaPage.PAGE_HEADER_BYTES, (int) size);
  }
}
