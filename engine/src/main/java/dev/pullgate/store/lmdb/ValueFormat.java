package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.openhft.hashing.LongHashFunction;

/**
 * The frame that every stored value of format version 1 shared (schema version 1, read only to
 * migrate such a store): a format version byte first, a kind byte second, the body of that kind,
 * and a checksum last. Multi-byte integers are big-endian.
 *
 * <pre>
 *  offset  length  field
 *  0       1       version (u8) = {@value #VERSION}          {@link #VERSION_OFFSET}
 *  1       1       kind (u8): 1 pulled record, 2 intent      {@link #KIND_OFFSET}
 *  2       ...     body of the kind (see RecordCodec, IntentCodec)
 *  L-8     8       checksum (i64): XXH3-64, seed 0, of bytes [0, L-8)
 * </pre>
 *
 * <p>The checksum is {@code LongHashFunction.xx3()} from zero-allocation-hashing: it detects bit
 * rot and torn or misplaced bytes; it secures nothing (credential hashes are SHA-256 and are only
 * stored here, never derived from this checksum).
 */
final class ValueFormat {
  /** The format version of this frame. */
  static final int VERSION = 1;

  static final int VERSION_OFFSET = 0;
  static final int KIND_OFFSET = 1;
  static final int HEADER_LENGTH = 2;
  static final int CHECKSUM_LENGTH = 8;

  static final byte KIND_PULLED_RECORD = 1;
  static final byte KIND_PULL_INTENT = 2;

  private static final LongHashFunction CHECKSUM = LongHashFunction.xx3();

  private ValueFormat() {}

  /**
   * Checks the frame of {@code value} (its position to its limit) and returns a reader of its body.
   *
   * @throws CorruptValueException when the value is too short, of another version or kind, or fails
   *     its checksum
   */
  static ValueReader open(ByteBuffer value, byte kind) {
    value.order(ByteOrder.BIG_ENDIAN);
    int start = value.position();
    int length = value.remaining();
    if (length < HEADER_LENGTH + CHECKSUM_LENGTH) {
      throw new CorruptValueException("value too short, length=" + length);
    }
    int version = value.get(start + VERSION_OFFSET) & 0xFF;
    if (version != VERSION) {
      throw new CorruptValueException(
          "value format version="
              + version
              + " is not the version this Pullgate reads ("
              + VERSION
              + ")"
              + (version > VERSION ? "; it was written by a newer Pullgate" : ""));
    }
    int checksumOffset = start + length - CHECKSUM_LENGTH;
    if (value.getLong(checksumOffset)
        != CHECKSUM.hashBytes(value, start, length - CHECKSUM_LENGTH)) {
      throw new CorruptValueException("value checksum mismatch");
    }
    byte storedKind = value.get(start + KIND_OFFSET);
    if (storedKind != kind) {
      throw new CorruptValueException("value kind=" + storedKind + ", expected kind=" + kind);
    }
    return new ValueReader(value, start + HEADER_LENGTH, checksumOffset);
  }
}
