package dev.pullgate.store.lmdb;

import dev.pullgate.record.PullIntent;
import java.nio.ByteBuffer;

/**
 * The binary form of a {@link PullIntent}, format version 1: the frame of {@link ValueFormat}
 * around the image string, which is also the intent's key.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |  version = 1  |   kind = 2    |  image: varint n, n bytes ... |  0 VERSION_OFFSET, KIND_OFFSET,
 *  +---------------+---------------+-------------------------------+    2 IMAGE_OFFSET
 *  |  checksum: XXH3-64 of every byte above (i64)                  |  L-8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class IntentCodec {
  static final int IMAGE_OFFSET = ValueFormat.HEADER_LENGTH;

  private IntentCodec() {}

  /**
   * The exact number of bytes {@link #encode} writes for {@code intent}.
   *
   * @throws IllegalArgumentException when the image string is not well-formed UTF-16
   */
  static int encodedLength(PullIntent intent) {
    return IMAGE_OFFSET
        + ValueWriter.stringLength(intent.image(), "image")
        + ValueFormat.CHECKSUM_LENGTH;
  }

  /** Writes {@code intent} at {@code out}'s position and moves past it. */
  static void encode(PullIntent intent, ByteBuffer out) {
    int start = out.position();
    ValueFormat.writeHeader(out, ValueFormat.KIND_PULL_INTENT);
    ValueWriter.string(out, intent.image());
    ValueFormat.writeChecksum(out, start);
  }

  /** The intent in {@code value} (its position to its limit). */
  static PullIntent decode(ByteBuffer value) {
    ValueReader in = ValueFormat.open(value, ValueFormat.KIND_PULL_INTENT);
    PullIntent intent = new PullIntent(in.string());
    in.requireEnd();
    return intent;
  }

  /** Whether the valid intent {@code value} is stored for exactly the image {@code utf8}. */
  static boolean isKeyed(ByteBuffer value, ByteBuffer utf8) {
    ValueReader in = ValueFormat.open(value, ValueFormat.KIND_PULL_INTENT);
    boolean keyed = in.stringEquals(utf8);
    in.requireEnd();
    return keyed;
  }
}
