package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;

/**
 * A cursor over the body of a stored value, between its header and its checksum. Every read checks
 * its bounds and throws {@link CorruptValueException} rather than read past the body.
 */
final class ValueReader {
  private final ByteBuffer in;
  private final int end;
  private int position;

  ValueReader(ByteBuffer in, int position, int end) {
    this.in = in;
    this.position = position;
    this.end = end;
  }

  int u8() {
    require(1);
    return in.get(position++) & 0xFF;
  }

  int i32() {
    require(4);
    int value = in.getInt(position);
    position += 4;
    return value;
  }

  long i64() {
    require(8);
    long value = in.getLong(position);
    position += 8;
    return value;
  }

  /** An unsigned LEB128 varint of at most five bytes that fits a non-negative int. */
  int varint() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0 || (shift == 28 && b > 0x07)) {
          throw new CorruptValueException("varint out of range");
        }
        return value;
      }
    }
    throw new CorruptValueException("varint longer than five bytes");
  }

  /** A count of items that each take at least one byte, so no count can exceed what is left. */
  int count() {
    int count = varint();
    require(count);
    return count;
  }

  void bytes(byte[] into) {
    require(into.length);
    in.get(position, into, 0, into.length);
    position += into.length;
  }

  /** A string: a varint byte length, then that many bytes of UTF-8. */
  String string() {
    int length = varint();
    require(length);
    String s = Utf8.decode(in, position, length);
    position += length;
    return s;
  }

  /** Reads a string and returns whether its bytes equal {@code utf8} (position to limit). */
  boolean stringEquals(ByteBuffer utf8) {
    int length = varint();
    require(length);
    boolean equal = Utf8.equalBytes(in, position, length, utf8);
    position += length;
    return equal;
  }

  /** Checks that the body has been read to its last byte. */
  void requireEnd() {
    if (position != end) {
      throw new CorruptValueException("value has " + (end - position) + " unexpected bytes");
    }
  }

  private void require(int bytes) {
    if (bytes < 0 || end - position < bytes) {
      throw new CorruptValueException("value truncated");
    }
  }
}
