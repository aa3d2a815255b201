package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.openhft.hashing.LongHashFunction;

/**
 * The stored form of a pull intent, format version 2: its normalised reference (also its key),
 * framed and checksummed; and the reading of version 1 intents, keyed by the image as written, for
 * migration.
 *
 * <pre>
 *  offset  length  field
 *  0       1       format version = 2                      VERSION_OFFSET
 *  1       1       kind = 2 (pull intent)                  KIND_OFFSET
 *  2       2       reference length n (u16)                LENGTH_OFFSET
 *  4       n       normalised reference, ASCII             REFERENCE_OFFSET
 *  4+n     8       checksum: XXH3-64 of [0, 4+n)
 * </pre>
 */
final class IntentCodec {
  static final int VERSION = 2;
  static final byte KIND = 2;
  static final int VERSION_OFFSET = 0;
  static final int KIND_OFFSET = 1;
  static final int LENGTH_OFFSET = 2;
  static final int REFERENCE_OFFSET = 4;
  private static final int CHECKSUM_LENGTH = 8;
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private IntentCodec() {}

  /** The stored form of the intent for {@code reference}, printable ASCII. */
  static byte[] encode(String reference) {
    int n = reference.length();
    ByteBuffer out = ByteBuffer.allocate(REFERENCE_OFFSET + n + CHECKSUM_LENGTH);
    out.put(VERSION_OFFSET, (byte) VERSION).put(KIND_OFFSET, KIND);
    out.putShort(LENGTH_OFFSET, (short) n);
    for (int i = 0; i < n; i++) {
      char c = reference.charAt(i);
      if (c <= 0x20 || c >= 0x7f || n > 0xFFFF) {
        throw new IllegalArgumentException("intent reference must be printable ASCII");
      }
      out.put(REFERENCE_OFFSET + i, (byte) c);
    }
    out.putLong(REFERENCE_OFFSET + n, XXH3.hashBytes(out, 0, REFERENCE_OFFSET + n));
    return out.array();
  }

  /**
   * The normalised reference stored in {@code value} (its position to its limit).
   *
   * @throws CorruptValueException when the value is damaged or of another version
   */
  static String decode(ByteBuffer value) {
    int n = check(value);
    int base = value.position();
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      int c = value.get(base + REFERENCE_OFFSET + i) & 0xFF;
      if (c <= 0x20 || c >= 0x7f) {
        throw new CorruptValueException("intent reference is not printable ASCII");
      }
      chars[i] = (char) c;
    }
    return new String(chars);
  }

  /** Whether the intent {@code value} is stored for exactly {@code reference}; checks it first. */
  static boolean isKeyed(ByteBuffer value, String reference) {
    int n = check(value);
    if (n != reference.length()) {
      return false;
    }
    int base = value.position();
    for (int i = 0; i < n; i++) {
      if (value.get(base + REFERENCE_OFFSET + i) != reference.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the reference bytes of {@code value} spell {@code reference}, read without checking the
   * value: how a repair tells whether the key of a damaged intent is the one its value was written
   * for.
   */
  static boolean spells(ByteBuffer value, String reference) {
    int base = value.position();
    int n = reference.length();
    if (value.remaining() < REFERENCE_OFFSET + n
        || value.order(ByteOrder.BIG_ENDIAN).getShort(base + LENGTH_OFFSET) != (short) n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (value.get(base + REFERENCE_OFFSET + i) != reference.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The image string of a format version 1 intent. */
  static String decodeLegacy(ByteBuffer value) {
    ValueReader in = ValueFormat.open(value, ValueFormat.KIND_PULL_INTENT);
    String image = in.string();
    in.requireEnd();
    return image;
  }

  /** The format version of {@code value}'s first byte. */
  static int versionOf(ByteBuffer value) {
    return value.remaining() == 0 ? -1 : value.get(value.position()) & 0xFF;
  }

  private static int check(ByteBuffer value) {
    value.order(ByteOrder.BIG_ENDIAN);
    int base = value.position();
    int length = value.remaining();
    if (length < REFERENCE_OFFSET + CHECKSUM_LENGTH) {
      throw new CorruptValueException("intent value too short, length=" + length);
    }
    int version = value.get(base + VERSION_OFFSET) & 0xFF;
    if (version != VERSION) {
      throw new CorruptValueException("intent format version=" + version + ", expected " + VERSION);
    }
    if (value.get(base + KIND_OFFSET) != KIND) {
      throw new CorruptValueException("value is not an intent");
    }
    int n = value.getShort(base + LENGTH_OFFSET) & 0xFFFF;
    if (REFERENCE_OFFSET + n + CHECKSUM_LENGTH != length) {
      throw new CorruptValueException("intent length does not match its value");
    }
    if (value.getLong(base + REFERENCE_OFFSET + n)
        != XXH3.hashBytes(value, base, REFERENCE_OFFSET + n)) {
      throw new CorruptValueException("intent checksum mismatch");
    }
    return n;
  }
}
