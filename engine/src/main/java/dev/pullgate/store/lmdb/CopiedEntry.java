package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import org.lmdbjava.CursorIterable;

/**
 * A key and value copied out of a read transaction onto the heap, so that a walk may change the
 * database it read them from (migration, repair).
 */
record CopiedEntry(ByteBuffer key, ByteBuffer value) {
  /** The entry {@code entry} points at, copied. */
  static CopiedEntry of(CursorIterable.KeyVal<ByteBuffer> entry) {
    return new CopiedEntry(copy(entry.key()), copy(entry.val()));
  }

  /** The key in direct memory, as lmdbjava's put and delete take it. */
  ByteBuffer directKey() {
    ByteBuffer direct = ByteBuffer.allocateDirect(key.remaining());
    direct.put(key.duplicate()).flip();
    return direct;
  }

  private static ByteBuffer copy(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return ByteBuffer.wrap(bytes);
  }
}
