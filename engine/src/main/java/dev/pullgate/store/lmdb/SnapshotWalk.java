package dev.pullgate.store.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;

/**
 * The walk of every page of the snapshot that LMDB will open, with plain reads, before it maps the
 * file: each page a tree reaches must be one LMDB could have written, so that no read or write
 * through the map can leave the page it is in. LMDB checks none of this itself, and trusts every
 * size, offset, flag and page number it finds: a flipped bit in a node header, a node offset or a
 * child page number crashes the process that follows it (SIGSEGV, SIGBUS), or lets a lookup land on
 * a stale page.
 *
 * <p>It checks, for the main, free-page and named databases (node layout as {@link DataFilePages}
 * draws it):
 *
 * <ul>
 *   <li>each page is reached once, carries its own page number, and is a branch page above the
 *       tree's recorded depth and a leaf page at it, with free-space bounds that fit the page;
 *   <li>each node lies inside its page, after the node offsets, at an even offset, with a key of at
 *       most LMDB's 511 bytes, and (in a leaf) a value that fits the page, or the number of its
 *       overflow pages;
 *   <li>each child and overflow page number lies inside the snapshot; an overflow page carries its
 *       number, the overflow flag and a page count that holds the value;
 *   <li>the leaf flags are the ones LMDB writes for these databases (none, or a value on overflow
 *       pages; a named database's record, of 48 bytes, only in the main database), and each
 *       database has the flags Pullgate and LMDB give it;
 *   <li>the free-page database lists pages of the snapshot, each once, none of them reached by a
 *       tree (else LMDB would hand out a page in use).
 * </ul>
 *
 * <p>It reads every page in use once, so it runs only up to {@link #MAX_WALKED_BYTES}; a larger
 * store is checked at its roots only (see {@link DataFileCheck}).
 */
final class SnapshotWalk {
  /** The largest snapshot walked before the map opens: 256 MiB, read in well under a second. */
  static final long MAX_WALKED_BYTES = 256L * 1024 * 1024;

  /** LMDB's largest key, as its default build has it. */
  private static final int MAX_KEY_BYTES = KeyCodec.MAX_KEY_LENGTH;

  private static final int MDB_INTEGERKEY = 0x08;
  private static final int PGNO_BYTES = 8;

  private final DataFilePages pages;
  private final long txnid;
  private final BitSet reached = new BitSet();
  private final BitSet free = new BitSet();
  private boolean listsOwnFrees;
  private long lastFreeingTxnid;

  private SnapshotWalk(DataFilePages pages, long txnid) {
    this.pages = pages;
    this.txnid = txnid;
  }

  /**
   * What is wrong with the snapshot that {@code used} starts, read through {@code pages}, or null
   * when every page it reaches is sound (or the snapshot is too large to walk here).
   */
  static String problem(DataFilePages pages, MetaPage used) throws IOException {
    if (used.usedBytes() > MAX_WALKED_BYTES) {
      return null;
    }
    SnapshotWalk walk = new SnapshotWalk(pages, used.txnid());
    String problem = null;
    if (used.mainDb().flags() != 0) {
      problem = "the main database has flags " + hex(used.mainDb().flags());
    } else if (used.freeDb().flags() != MDB_INTEGERKEY) {
      problem = "the free-page database has flags " + hex(used.freeDb().flags());
    }
    if (problem == null) {
      problem = walk.tree(used.mainDb(), Kind.MAIN);
    }
    if (problem == null) {
      problem = walk.tree(used.freeDb(), Kind.FREE);
    }
    if (problem == null && walk.free.intersects(walk.reached)) {
      long pgno = walk.free.stream().filter(walk.reached::get).findFirst().orElse(-1);
      problem = "page " + pgno + " is listed as free but is in use by a database";
    }
    if (problem == null) {
      problem = walk.transactionProblem(used);
    }
    return problem == null ? null : "in " + StoreDirectory.DATA_FILE + ", " + problem;
  }

  /**
   * What is wrong with the free-page database of the snapshot that {@code older}, the meta page
   * LMDB does not use, starts, or null: LMDB keeps that snapshot intact while the other is the
   * newest, and its transaction id must fit its free-page lists as {@link #transactionProblem}
   * says. Together with the same check of the newest snapshot, this refuses a changed transaction
   * id that would make LMDB open the older snapshot and silently undo the last commit.
   */
  static String olderProblem(FileChannel channel, long fileBytes, MetaPage older)
      throws IOException {
    if (older.usedBytes() > MAX_WALKED_BYTES) {
      return null;
    }
    DataFilePages pages = new DataFilePages(channel, older.pageSize(), fileBytes, older.lastPage());
    SnapshotWalk walk = new SnapshotWalk(pages, older.txnid());
    String problem = walk.tree(older.freeDb(), Kind.FREE);
    if (problem == null) {
      problem = walk.transactionProblem(older);
    }
    return problem == null
        ? null
        : "in "
            + StoreDirectory.DATA_FILE
            + ", the older snapshot (meta page "
            + older.index()
            + "): "
            + problem;
  }

  /**
   * What is wrong with the transaction id of {@code meta} given its free-page database, walked
   * already: each commit lists the pages it freed under its own id (every commit after the one that
   * creates a store frees at least the old root of the tree it changes), and no snapshot lists
   * pages freed by a later transaction.
   */
  private String transactionProblem(MetaPage meta) {
    if (Long.compareUnsigned(lastFreeingTxnid, txnid) > 0) {
      return "meta page "
          + meta.index()
          + " holds transaction "
          + Long.toUnsignedString(txnid)
          + ", but its free-page database lists pages freed by the later transaction "
          + Long.toUnsignedString(lastFreeingTxnid)
          + " (the transaction ids were changed)";
    }
    if (Long.compareUnsigned(txnid, 2) >= 0 && !meta.mainDb().isEmpty() && !listsOwnFrees) {
      return "meta page "
          + meta.index()
          + " holds transaction "
          + Long.toUnsignedString(txnid)
          + ", but its free-page database lists no page freed by it: the snapshot is older than"
          + " its id says (the transaction ids were changed)";
    }
    return null;
  }

  private enum Kind {
    MAIN,
    FREE,
    NAMED
  }

  private String tree(MetaPage.Tree tree, Kind kind) throws IOException {
    if (tree.isEmpty()) {
      return null;
    }
    if (tree.root() < MetaPage.NUM_METAS || tree.root() > pages.lastPage()) {
      return "the root of the " + tree.name() + " database is page " + tree.root() + outside();
    }
    return page(tree, tree.root(), 1, kind);
  }

  private String page(MetaPage.Tree tree, long pgno, int level, Kind kind) throws IOException {
    if (pgno < 0) {
      return "a branch page of the " + tree.name() + " database points to a page" + outside();
    }
    String where = "page " + pgno + " of the " + tree.name() + " database";
    String claimed = claim(pgno, 1, where);
    if (claimed != null) {
      return claimed;
    }
    ByteBuffer page = pages.read(pgno, 0, (int) pages.pageSize());
    if (page == null) {
      return where + " lies past the end of the file: the file was truncated";
    }
    boolean leaf = level == tree.depth();
    int flags = Short.toUnsignedInt(page.getShort(MetaPage.FLAGS_OFFSET));
    if (page.getLong(MetaPage.PGNO_OFFSET) != pgno) {
      return where + " says it is page " + Long.toUnsignedString(page.getLong(0));
    }
    if (flags != (leaf ? MetaPage.P_LEAF : MetaPage.P_BRANCH)) {
      return where + " has page flags " + hex(flags) + " at depth " + level + " of " + tree.depth();
    }
    int keys = pages.keys(page);
    if (keys < 1) {
      return where + " has free-space bounds that do not fit a page of its keys";
    }
    String problem = nodeSpaceProblem(page, keys, leaf, where);
    if (problem != null) {
      return problem;
    }
    for (int i = 0; i < keys; i++) {
      String node = where + " node " + i;
      int at = Short.toUnsignedInt(page.getShort(MetaPage.PAGE_HEADER_BYTES + 2 * i));
      int key = at + DataFilePages.NODE_HEADER_BYTES;
      int keySize = Short.toUnsignedInt(page.getShort(at + DataFilePages.NODE_KEY_SIZE));
      problem = leaf && kind == Kind.FREE ? freeingTxnid(page, key, keySize, node) : null;
      if (problem == null) {
        problem =
            leaf
                ? leafNode(tree, page, at, key + keySize, kind, node)
                : page(tree, child(page, at), level + 1, kind);
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * What is wrong with where the {@code keys} nodes of {@code page} lie, or null: each inside the
   * page, after its node offsets, at an even offset, with a key LMDB could store; and together
   * filling the node space from the page's upper bound to its end exactly, as LMDB keeps it (it
   * packs nodes there and closes the gap when it deletes one), so that a node offset lost from a
   * damaged lower bound, which would make a key vanish without a trace, is seen.
   */
  private String nodeSpaceProblem(ByteBuffer page, int keys, boolean leaf, String where) {
    int upper = Short.toUnsignedInt(page.getShort(MetaPage.UPPER_OFFSET));
    long filled = 0;
    for (int i = 0; i < keys; i++) {
      String node = where + " node " + i;
      int at = Short.toUnsignedInt(page.getShort(MetaPage.PAGE_HEADER_BYTES + 2 * i));
      int key = at + DataFilePages.NODE_HEADER_BYTES;
      if (at < upper || (at & 1) != 0 || key > pages.pageSize()) {
        return node + " lies at offset " + at + ", outside the page's node space";
      }
      int keySize = Short.toUnsignedInt(page.getShort(at + DataFilePages.NODE_KEY_SIZE));
      if (keySize > MAX_KEY_BYTES || key + keySize > pages.pageSize()) {
        return node + " has a key of " + keySize + " bytes, past its page";
      }
      long size = DataFilePages.NODE_HEADER_BYTES + keySize;
      if (leaf) {
        size +=
            DataFilePages.flags(page, at) == DataFilePages.F_BIGDATA
                ? PGNO_BYTES
                : DataFilePages.low(page, at);
      }
      filled += size + (size & 1);
    }
    if (filled != pages.pageSize() - upper) {
      return where
          + " has "
          + (pages.pageSize() - upper)
          + " bytes of node space, but its nodes fill "
          + filled
          + ": a node was lost or its size changed";
    }
    return null;
  }

  /** Notes the key of a leaf node of the free-page database: the transaction that freed pages. */
  private String freeingTxnid(ByteBuffer page, int key, int keySize, String node) {
    if (keySize != Long.BYTES) {
      return node + " has a key of " + keySize + " bytes where LMDB writes a transaction id";
    }
    long freedBy = page.getLong(key);
    listsOwnFrees |= freedBy == txnid;
    if (Long.compareUnsigned(freedBy, lastFreeingTxnid) > 0) {
      lastFreeingTxnid = freedBy;
    }
    return null;
  }

  /** The child page that branch node {@code at} points to, or -1 outside the snapshot. */
  private long child(ByteBuffer page, int at) {
    long child = DataFilePages.low(page, at) | (long) DataFilePages.flags(page, at) << 32;
    return child < MetaPage.NUM_METAS || child > pages.lastPage() ? -1 : child;
  }

  private String leafNode(
      MetaPage.Tree tree, ByteBuffer page, int node, int value, Kind kind, String where)
      throws IOException {
    long size = DataFilePages.low(page, node);
    int flags = DataFilePages.flags(page, node);
    if (flags == DataFilePages.F_BIGDATA) {
      if (value + PGNO_BYTES > pages.pageSize()) {
        return where + " has an overflow page number past its page";
      }
      return overflow(page.getLong(value), size, kind, where);
    }
    if (value + size > pages.pageSize()) {
      return where + " has a value of " + size + " bytes, past its page";
    }
    if (flags == DataFilePages.F_SUBDATA && kind == Kind.MAIN) {
      return named(page, node, value, size, where);
    }
    if (flags != 0) {
      return where + " has node flags " + hex(flags) + ", which LMDB does not write there";
    }
    return kind == Kind.FREE
        ? freeList(page.slice(value, (int) size).order(page.order()), where)
        : null;
  }

  /** Checks the named database whose record is leaf node {@code node} of the main database. */
  private String named(ByteBuffer page, int node, int value, long size, String where)
      throws IOException {
    if (size != MetaPage.TREE_BYTES) {
      return where + " holds a named database's record of " + size + " bytes";
    }
    String name = "named '" + DataFileCheck.keyName(page, node, value) + "'";
    MetaPage.Tree named = MetaPage.tree(name, page, value);
    if (named.flags() != 0) {
      return "the " + name + " database has flags " + hex(named.flags());
    }
    if (named.isEmpty() != (named.depth() == 0) || named.depth() > MetaPage.MAX_DEPTH) {
      return "the " + name + " database has depth " + named.depth();
    }
    return tree(named, Kind.NAMED);
  }

  /** Checks the value of {@code size} bytes on the overflow pages from {@code first}. */
  private String overflow(long first, long size, Kind kind, String where) throws IOException {
    if (first < MetaPage.NUM_METAS || first > pages.lastPage()) {
      return where + " points to overflow page " + first + outside();
    }
    String page = "overflow page " + first + ", which " + where + " points to,";
    ByteBuffer header = pages.read(first, 0, MetaPage.PAGE_HEADER_BYTES);
    if (header == null) {
      return page + " lies past the end of the file";
    }
    long count = Integer.toUnsignedLong(header.getInt(MetaPage.OVERFLOW_PAGES_OFFSET));
    if (header.getLong(MetaPage.PGNO_OFFSET) != first
        || Short.toUnsignedInt(header.getShort(MetaPage.FLAGS_OFFSET)) != MetaPage.P_OVERFLOW
        || count < 1
        || count > pages.lastPage() - first + 1
        || size > count * pages.pageSize() - MetaPage.PAGE_HEADER_BYTES) {
      return page + " has a damaged header, or is too short for the value";
    }
    String claimed = claim(first, count, page);
    if (claimed != null) {
      return claimed;
    }
    if (first * pages.pageSize() + MetaPage.PAGE_HEADER_BYTES + size > pages.fileBytes()) {
      return page + " ends past the end of the file";
    }
    if (kind != Kind.FREE) {
      return null;
    }
    ByteBuffer stored = pages.read(first, MetaPage.PAGE_HEADER_BYTES, (int) size);
    return stored == null ? page + " lies past the end of the file" : freeList(stored, where);
  }

  private String outside() {
    return ", outside pages " + MetaPage.NUM_METAS + " to " + pages.lastPage();
  }

  /** Marks {@code count} pages from {@code first} reached, unless one was already. */
  private String claim(long first, long count, String what) {
    if (first > Integer.MAX_VALUE - count) {
      return what + " has a page number past what can be walked";
    }
    int from = (int) first;
    int to = (int) (first + count);
    int seen = reached.nextSetBit(from);
    if (seen >= 0 && seen < to) {
      return what + " is reached twice (page " + seen + "): the tree's pointers are damaged";
    }
    reached.set(from, to);
    return null;
  }

  /** Marks the pages of one list of free pages: a count, then that many page numbers. */
  private String freeList(ByteBuffer ids, String where) {
    if (ids.remaining() < PGNO_BYTES) {
      return where + " holds a free-page list of " + ids.remaining() + " bytes";
    }
    long count = ids.getLong(0);
    if (count < 0 || count > ids.remaining() / PGNO_BYTES - 1) {
      return where + " holds a free-page list whose count does not fit it";
    }
    for (int j = 1; j <= count; j++) {
      long id = ids.getLong(j * PGNO_BYTES);
      if (id < MetaPage.NUM_METAS || id > pages.lastPage()) {
        return where + " lists free page " + id + ", outside the snapshot";
      }
      if (free.get((int) id)) {
        return "page " + id + " is listed as free twice";
      }
      free.set((int) id);
    }
    return null;
  }

  private static String hex(int value) {
    return MetaPage.hex(value);
  }
}
