package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for keys and stored strings: a string with an unpaired surrogate is rejected rather
 * than replaced, so that encoding is one-to-one and two different strings never share bytes.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * The number of bytes {@code s} encodes to.
   *
   * @throws IllegalArgumentException when {@code s} has an unpaired surrogate; the message names
   *     {@code field}, never the string
   */
  static int encodedLength(String s, String field) {
    int length = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (!Character.isSurrogate(c)) {
        length += 3;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        throw new IllegalArgumentException(
            field + " is not well-formed UTF-16 (unpaired surrogate at index " + i + ")");
      }
    }
    return length;
  }

  /** Writes {@code s}, already checked by {@link #encodedLength}, at {@code out}'s position. */
  static void encode(String s, ByteBuffer out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.put((byte) c);
      } else if (c < 0x800) {
        out.put((byte) (0xC0 | (c >>> 6)));
        out.put((byte) (0x80 | (c & 0x3F)));
      } else if (!Character.isSurrogate(c)) {
        out.put((byte) (0xE0 | (c >>> 12)));
        out.put((byte) (0x80 | ((c >>> 6) & 0x3F)));
        out.put((byte) (0x80 | (c & 0x3F)));
      } else {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.put((byte) (0xF0 | (cp >>> 18)));
        out.put((byte) (0x80 | ((cp >>> 12) & 0x3F)));
        out.put((byte) (0x80 | ((cp >>> 6) & 0x3F)));
        out.put((byte) (0x80 | (cp & 0x3F)));
      }
    }
  }

  /** The string in the {@code length} bytes of {@code in} from absolute {@code offset}. */
  static String decode(ByteBuffer in, int offset, int length) {
    byte[] bytes = new byte[length];
    in.get(offset, bytes, 0, length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Whether the {@code length} bytes of {@code a} from absolute {@code offset} equal the bytes of
   * {@code b} from its position to its limit.
   */
  static boolean equalBytes(ByteBuffer a, int offset, int length, ByteBuffer b) {
    if (length != b.remaining()) {
      return false;
    }
    int base = b.position();
    for (int i = 0; i < length; i++) {
      if (a.get(offset + i) != b.get(base + i)) {
        return false;
      }
    }
    return true;
  }
}
