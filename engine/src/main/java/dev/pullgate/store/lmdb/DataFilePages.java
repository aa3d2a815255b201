package dev.pullgate.store.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Pages of an LMDB data file read by number with a file channel, never past the file's end nor the
 * last page of the snapshot being checked, and the nodes of its branch and leaf pages.
 *
 * <p>After the 16-byte page header ({@link MetaPage}), a branch or leaf page holds a 16-bit offset
 * per node, up to its lower bound; a node is an 8-byte header, its key, then (in a leaf) its value:
 *
 * <pre>
 *  node offset  length  field
 *  0            2       low 16 bits: of the value's size (leaf), of the child page (branch)
 *  2            2       next 16 bits of the same                                 {@link #NODE_HI}
 *  4            2       node flags (leaf: 0x01 value on overflow pages, 0x02 a named database);
 *                       a branch's bits 32-47 of the child page                  {@link #NODE_FLAGS}
 *  6            2       key size                                                 {@link #NODE_KEY_SIZE}
 *  8            ...     key, then the value (or the 8-byte number of its first overflow page)
 * </pre>
 *
 * @param lastPage the last page of the snapshot being checked: no pointer may go past it
 */
record DataFilePages(FileChannel channel, long pageSize, long fileBytes, long lastPage) {
  static final int NODE_LO = 0;
  static final int NODE_HI = 2;
  static final int NODE_FLAGS = 4;
  static final int NODE_KEY_SIZE = 6;
  static final int NODE_HEADER_BYTES = 8;

  static final int F_BIGDATA = 0x01;
  static final int F_SUBDATA = 0x02;

  /** {@code length} bytes at {@code offset} in page {@code pgno}, or null past the file's end. */
  ByteBuffer read(long pgno, long offset, int length) throws IOException {
    if (pgno < 0 || pgno > lastPage || offset + length > pageSize * (lastPage + 1 - pgno)) {
      return null;
    }
    long position = pgno * pageSize + offset;
    if (position + length > fileBytes) {
      return null;
    }
    ByteBuffer bytes = DataFileCheck.readAt(channel, position, length);
    return bytes.remaining() == length ? bytes : null;
  }

  /**
   * The number of nodes of a branch or leaf page with {@code header}, or -1 when its free-space
   * bounds do not fit a page of {@link #pageSize} bytes.
   */
  int keys(ByteBuffer header) {
    int lower = Short.toUnsignedInt(header.getShort(MetaPage.LOWER_OFFSET));
    int upper = Short.toUnsignedInt(header.getShort(MetaPage.UPPER_OFFSET));
    if (lower < MetaPage.PAGE_HEADER_BYTES
        || lower > upper
        || upper > pageSize
        || (lower - MetaPage.PAGE_HEADER_BYTES) % 2 != 0) {
      return -1;
    }
    return (lower - MetaPage.PAGE_HEADER_BYTES) / 2;
  }

  /**
   * The offset of node {@code i} of {@code page}, which has {@code keys} nodes, or -1 when its
   * header would not lie inside the page, after the offsets.
   */
  int node(ByteBuffer page, int keys, int i) {
    int node = Short.toUnsignedInt(page.getShort(MetaPage.PAGE_HEADER_BYTES + 2 * i));
    if (node < MetaPage.PAGE_HEADER_BYTES + 2 * keys || node + NODE_HEADER_BYTES > pageSize) {
      return -1;
    }
    return node;
  }

  /** A node's low 32 bits: a leaf's value size, or the low bits of a branch's child page. */
  static long low(ByteBuffer page, int node) {
    return Short.toUnsignedLong(page.getShort(node + NODE_LO))
        | Short.toUnsignedLong(page.getShort(node + NODE_HI)) << 16;
  }

  static int flags(ByteBuffer page, int node) {
    return Short.toUnsignedInt(page.getShort(node + NODE_FLAGS));
  }

  /** The offset of a leaf node's value: after its header and its key. */
  static int value(ByteBuffer page, int node) {
    return node + NODE_HEADER_BYTES + Short.toUnsignedInt(page.getShort(node + NODE_KEY_SIZE));
  }
}
