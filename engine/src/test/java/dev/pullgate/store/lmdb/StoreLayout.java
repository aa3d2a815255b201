package dev.pullgate.store.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the bytes of an intact data file's newest snapshot are, by what they hold: found by walking
 * its B-trees from the meta page with plain reads. A corruption trial picks a range of a kind (a
 * key of the records database, a page header, a value on an overflow page) and flips bits in it.
 * Node layouts as {@link DataFilePages} draws them.
 */
final class StoreLayout {
  /** What a range of bytes holds. */
  enum Region {
    /** The first 152 bytes of meta page 0: the page header and {@code MDB_meta}. */
    META_0,
    /** The same of meta page 1. */
    META_1,
    /** The 16-byte header of a branch, leaf or overflow page. */
    PAGE_HEADER,
    /** A page's array of node offsets, between its header and its lower bound. */
    NODE_OFFSETS,
    /** The 8-byte header of a node: sizes, flags, key size. */
    NODE_HEADER,
    /** A separator key in a branch page. */
    BRANCH_KEY,
    /** A key in a leaf page. */
    LEAF_KEY,
    /** A value: in its leaf, or on its overflow pages. */
    VALUE,
    /** A named database's record in the main database (48 bytes, as in a meta page). */
    DATABASE_RECORD
  }

  /** A range of bytes of the file: what it holds, in which database, and where. */
  record Range(Region region, String database, long pgno, long offset, int length) {
    String describe() {
      return region.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + (database.isEmpty() ? "" : " of " + database)
          + (region == Region.META_0 || region == Region.META_1 ? "" : " on page " + pgno);
    }
  }

  private final Map<Region, List<Range>> ranges = new EnumMap<>(Region.class);
  private final long pageSize;
  private final long usedBytes;
  private final long fileBytes;
  private final ByteBuffer file;

  private StoreLayout(ByteBuffer file, MetaPage newest) {
    this.file = file;
    this.pageSize = newest.pageSize();
    this.usedBytes = newest.usedBytes();
    this.fileBytes = file.capacity();
    for (Region region : Region.values()) {
      ranges.put(region, new ArrayList<>());
    }
  }

  /** The layout of the data file of the closed, intact store in {@code dir}. */
  static StoreLayout of(Path dir) throws IOException {
    ByteBuffer file =
        ByteBuffer.wrap(Files.readAllBytes(dir.resolve(StoreDirectory.DATA_FILE)))
            .order(ByteOrder.nativeOrder());
    MetaPage first = MetaPage.parse(0, file.slice(0, MetaPage.META_END));
    MetaPage second = MetaPage.parse(1, file.slice((int) first.pageSize(), MetaPage.META_END));
    MetaPage newest = second.isNewerThan(first) ? second : first;
    StoreLayout layout = new StoreLayout(file, newest);
    layout.add(Region.META_0, "", 0, 0, MetaPage.META_END);
    layout.add(Region.META_1, "", 1, first.pageSize(), MetaPage.META_END);
    layout.walk("free-page", newest.freeDb(), false);
    layout.walk("main", newest.mainDb(), true);
    return layout;
  }

  long pageSize() {
    return pageSize;
  }

  /** The bytes the newest snapshot uses: up to the end of its last page. */
  long usedBytes() {
    return usedBytes;
  }

  long fileBytes() {
    return fileBytes;
  }

  /** Every range of {@code region}, in file order of the walk. */
  List<Range> ranges(Region region) {
    return List.copyOf(ranges.get(region));
  }

  /** The ranges of {@code region} in {@code database}. */
  List<Range> ranges(Region region, String database) {
    return ranges.get(region).stream().filter(r -> r.database().equals(database)).toList();
  }

  private void walk(String database, MetaPage.Tree tree, boolean main) {
    if (!tree.isEmpty()) {
      page(database, tree.root(), 1, tree.depth(), main);
    }
  }

  private void page(String database, long pgno, int level, int depth, boolean main) {
    int at = (int) (pgno * pageSize);
    add(Region.PAGE_HEADER, database, pgno, at, MetaPage.PAGE_HEADER_BYTES);
    int lower = Short.toUnsignedInt(file.getShort(at + MetaPage.LOWER_OFFSET));
    int keys = (lower - MetaPage.PAGE_HEADER_BYTES) / 2;
    add(Region.NODE_OFFSETS, database, pgno, at + MetaPage.PAGE_HEADER_BYTES, 2 * keys);
    boolean leaf = level == depth;
    for (int i = 0; i < keys; i++) {
      int node = at + Short.toUnsignedInt(file.getShort(at + MetaPage.PAGE_HEADER_BYTES + 2 * i));
      add(Region.NODE_HEADER, database, pgno, node, DataFilePages.NODE_HEADER_BYTES);
      int keySize = Short.toUnsignedInt(file.getShort(node + DataFilePages.NODE_KEY_SIZE));
      int key = node + DataFilePages.NODE_HEADER_BYTES;
      add(leaf ? Region.LEAF_KEY : Region.BRANCH_KEY, database, pgno, key, keySize);
      long low = DataFilePages.low(file, node);
      int flags = DataFilePages.flags(file, node);
      if (!leaf) {
        page(database, low | (long) flags << 32, level + 1, depth, main);
      } else if (main && flags == DataFilePages.F_SUBDATA) {
        add(Region.DATABASE_RECORD, database, pgno, key + keySize, MetaPage.TREE_BYTES);
        String name = new String(bytes(key, keySize), StandardCharsets.UTF_8);
        walk(name, MetaPage.tree(name, file, key + keySize), false);
      } else if (flags == DataFilePages.F_BIGDATA) {
        add(Region.NODE_HEADER, database, pgno, key + keySize, 8);
        long first = file.getLong(key + keySize);
        int start = (int) (first * pageSize);
        add(Region.PAGE_HEADER, database, first, start, MetaPage.PAGE_HEADER_BYTES);
        add(Region.VALUE, database, first, start + MetaPage.PAGE_HEADER_BYTES, (int) low);
      } else {
        add(Region.VALUE, database, pgno, key + keySize, (int) low);
      }
    }
  }

  private byte[] bytes(int at, int length) {
    byte[] bytes = new byte[length];
    file.get(at, bytes);
    return bytes;
  }

  private void add(Region region, String database, long pgno, long offset, int length) {
    if (length > 0) {
      ranges.get(region).add(new Range(region, database, pgno, offset, length));
    }
  }
}
