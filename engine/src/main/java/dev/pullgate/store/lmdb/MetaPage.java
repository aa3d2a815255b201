package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * One of the two meta pages that begin an LMDB 0.9 data file, as the 64-bit build writes it: the
 * start of a snapshot (the roots of the free-page and main databases, the last page in use, the
 * transaction that wrote it). Parsed from bytes read with a file channel, never from the map, so
 * that a damaged file is refused before LMDB maps it.
 *
 * <p>Every page starts with a 16-byte header; a meta page's {@code MDB_meta} follows it. Integers
 * are in the byte order of the machine that wrote the file (the magic number tells a mismatch).
 *
 * <pre>
 *  offset  length  field
 *  0       8       page number (u64)                      {@link #PGNO_OFFSET}
 *  8       2       pad (u16)
 *  10      2       page flags (u16): 0x08 meta            {@link #FLAGS_OFFSET}
 *  12      2       lower bound of free space (u16)        {@link #LOWER_OFFSET}
 *  14      2       upper bound of free space (u16)        {@link #UPPER_OFFSET}
 *                  (an overflow page: 12, 4, page count)   {@link #OVERFLOW_PAGES_OFFSET}
 *  16      4       magic (u32) = 0xBEEFC0DE               {@link #MAGIC_OFFSET}
 *  20      4       data version (u32) = 1                 {@link #VERSION_OFFSET}
 *  24      8       fixed map address
 *  32      8       map size (u64)                         {@link #MAP_SIZE_OFFSET}
 *  40      48      free-page database (a tree, below)     {@link #FREE_DB_OFFSET}
 *  88      48      main database (a tree, below)          {@link #MAIN_DB_OFFSET}
 *  136     8       last page in use (u64)                 {@link #LAST_PAGE_OFFSET}
 *  144     8       transaction id (u64)                   {@link #TXNID_OFFSET}
 *  152             end                                    {@link #META_END}
 *
 *  a tree, relative to its offset:
 *  0       4       pad (u32): the page size, in the free-page database only   {@link #TREE_PAD}
 *  4       2       database flags (u16)                    {@link #TREE_FLAGS}
 *  6       2       depth (u16)                             {@link #TREE_DEPTH}
 *  8       24      branch, leaf and overflow page counts (3 x u64)
 *  32      8       entries (u64)                           {@link #TREE_ENTRIES}
 *  40      8       root page, or all ones for none (u64)   {@link #TREE_ROOT}
 * </pre>
 *
 * <p>LMDB writes transaction {@code n} to meta page {@code n % 2} (a new file has transaction 0 in
 * both) and uses the page with the larger transaction id.
 */
record MetaPage(
    int index,
    long pgno,
    int flags,
    int magic,
    int version,
    long mapSize,
    long pageSize,
    Tree freeDb,
    Tree mainDb,
    long lastPage,
    long txnid) {
  static final int PGNO_OFFSET = 0;
  static final int FLAGS_OFFSET = 10;
  static final int LOWER_OFFSET = 12;
  static final int UPPER_OFFSET = 14;
  static final int OVERFLOW_PAGES_OFFSET = 12;
  static final int PAGE_HEADER_BYTES = 16;
  static final int MAGIC_OFFSET = 16;
  static final int VERSION_OFFSET = 20;
  static final int MAP_SIZE_OFFSET = 32;
  static final int FREE_DB_OFFSET = 40;
  static final int MAIN_DB_OFFSET = 88;
  static final int LAST_PAGE_OFFSET = 136;
  static final int TXNID_OFFSET = 144;
  static final int META_END = 152;

  static final int TREE_PAD = 0;
  static final int TREE_FLAGS = 4;
  static final int TREE_DEPTH = 6;
  static final int TREE_ENTRIES = 32;
  static final int TREE_ROOT = 40;
  static final int TREE_BYTES = 48;

  static final int P_BRANCH = 0x01;
  static final int P_LEAF = 0x02;
  static final int P_OVERFLOW = 0x04;
  static final int P_META = 0x08;

  static final int MAGIC = 0xBEEFC0DE;
  static final int DATA_VERSION = 1;
  static final int NUM_METAS = 2;

  /** The page number that marks an empty tree. */
  static final long P_INVALID = -1L;

  /**
   * The page sizes LMDB writes: the system's page size, capped at 32 KiB; no system it runs on has
   * pages under 512 bytes.
   */
  static final long MIN_PAGE_SIZE = 512;

  static final long MAX_PAGE_SIZE = 32_768;

  /**
   * The largest map size a meta page may record: 16 TiB, far above any store (a Pullgate store's
   * map grows to {@code pullgate.store.maxMapSize}) and below what a 64-bit process can map. LMDB
   * maps the recorded size when a store opens, so a flipped high bit would fail the open with
   * ENOMEM, or reserve absurd address space.
   */
  static final long MAX_MAP_SIZE = 1L << 44;

  /** The deepest tree LMDB's cursors can walk. */
  static final int MAX_DEPTH = 32;

  /**
   * One database of the snapshot: its flags (LMDB's {@code MDB_INTEGERKEY} and the like), its shape
   * and its root page.
   */
  record Tree(String name, int flags, int depth, long entries, long root) {
    boolean isEmpty() {
      return root == P_INVALID;
    }
  }

  /** Parses meta page {@code index} from {@code page}: its first {@link #META_END} bytes. */
  static MetaPage parse(int index, ByteBuffer page) {
    ByteBuffer b = page.duplicate().order(ByteOrder.nativeOrder());
    return new MetaPage(
        index,
        b.getLong(PGNO_OFFSET),
        Short.toUnsignedInt(b.getShort(FLAGS_OFFSET)),
        b.getInt(MAGIC_OFFSET),
        b.getInt(VERSION_OFFSET),
        b.getLong(MAP_SIZE_OFFSET),
        Integer.toUnsignedLong(b.getInt(FREE_DB_OFFSET + TREE_PAD)),
        tree("free-page", b, FREE_DB_OFFSET),
        tree("main", b, MAIN_DB_OFFSET),
        b.getLong(LAST_PAGE_OFFSET),
        b.getLong(TXNID_OFFSET));
  }

  /** Parses the tree at offset {@code at} of {@code b}: in a meta page, or a named database's. */
  static Tree tree(String name, ByteBuffer b, int at) {
    return new Tree(
        name,
        Short.toUnsignedInt(b.getShort(at + TREE_FLAGS)),
        Short.toUnsignedInt(b.getShort(at + TREE_DEPTH)),
        b.getLong(at + TREE_ENTRIES),
        b.getLong(at + TREE_ROOT));
  }

  /** Whether LMDB would use this page rather than {@code other}: it has the larger txnid. */
  boolean isNewerThan(MetaPage other) {
    return Long.compareUnsigned(txnid, other.txnid) > 0;
  }

  /** The bytes in use by this snapshot: every page up to the last. */
  long usedBytes() {
    return (lastPage + 1) * pageSize;
  }

  /**
   * What is wrong with this page, or null when LMDB 0.9 could have written it: the checks LMDB
   * makes when it reads the header (meta flag, magic, version), and the invariants of every
   * snapshot it commits.
   */
  String problem() {
    String page = "meta page " + index + " of " + StoreDirectory.DATA_FILE;
    if (pgno != index || flags != P_META) {
      return page
          + " is not a meta page (its header says page "
          + pgno
          + ", flags "
          + hex(flags)
          + ")";
    }
    if (magic != MAGIC) {
      return page
          + " has magic number "
          + hex(magic)
          + ", not LMDB's "
          + hex(MAGIC)
          + ": it is not an LMDB file, or one written on a machine of another byte order";
    }
    if (version != DATA_VERSION) {
      return page
          + " has data version "
          + Integer.toUnsignedString(version)
          + "; LMDB 0.9 writes 1";
    }
    if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Long.bitCount(pageSize) != 1) {
      return page
          + " has page size "
          + pageSize
          + "; LMDB writes a power of two from "
          + MIN_PAGE_SIZE
          + " to "
          + MAX_PAGE_SIZE;
    }
    if (lastPage < NUM_METAS - 1 || lastPage > Long.MAX_VALUE / pageSize - 1) {
      return page + " says its last page is " + Long.toUnsignedString(lastPage);
    }
    if (Long.compareUnsigned(mapSize, MAX_MAP_SIZE) > 0) {
      return page
          + " records a map size of "
          + Long.toUnsignedString(mapSize)
          + " bytes, more than the "
          + MAX_MAP_SIZE
          + " any store could have";
    }
    if (txnid != 0 && (txnid & 1) != index) {
      return page
          + " holds transaction "
          + Long.toUnsignedString(txnid)
          + ", which LMDB writes to meta page "
          + (txnid & 1)
          + " (the transaction ids were changed)";
    }
    String tree = treeProblem(freeDb);
    if (tree == null) {
      tree = treeProblem(mainDb);
    }
    return tree == null ? null : page + " is inconsistent: " + tree;
  }

  /** What is wrong with {@code tree} in this snapshot, or null when it could be LMDB's. */
  String treeProblem(Tree tree) {
    if (tree.isEmpty()) {
      return tree.depth() == 0
          ? null
          : "the " + tree.name() + " database has no root page but depth " + tree.depth();
    }
    if (Long.compareUnsigned(tree.root(), NUM_METAS) < 0
        || Long.compareUnsigned(tree.root(), lastPage) > 0) {
      return "the root of the "
          + tree.name()
          + " database is page "
          + Long.toUnsignedString(tree.root())
          + ", outside pages "
          + NUM_METAS
          + " to "
          + lastPage;
    }
    if (tree.depth() < 1 || tree.depth() > MAX_DEPTH) {
      return "the " + tree.name() + " database has depth " + tree.depth();
    }
    return null;
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value).toUpperCase(Locale.ROOT);
  }

  static String hex(int value) {
    return "0x" + Integer.toHexString(value).toUpperCase(Locale.ROOT);
  }
}
