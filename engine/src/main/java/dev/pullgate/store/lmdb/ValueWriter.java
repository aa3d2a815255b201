package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;

/** The encoding half of {@link ValueReader}: varints and strings, and their lengths. */
final class ValueWriter {
  private ValueWriter() {}

  /** How many bytes {@link #varint} writes for {@code value} (non-negative). */
  static int varintLength(int value) {
    int length = 1;
    while ((value >>>= 7) != 0) {
      length++;
    }
    return length;
  }

  static void varint(ByteBuffer out, int value) {
    while ((value & ~0x7F) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /**
   * How many bytes {@link #string} writes for {@code s}.
   *
   * @throws IllegalArgumentException naming {@code field} when {@code s} is not well-formed UTF-16
   */
  static int stringLength(String s, String field) {
    int length = Utf8.encodedLength(s, field);
    return varintLength(length) + length;
  }

  /** Writes {@code s}, already measured by {@link #stringLength}: varint length, then UTF-8. */
  static void string(ByteBuffer out, String s) {
    varint(out, Utf8.encodedLength(s, "string"));
    Utf8.encode(s, out);
  }
}
