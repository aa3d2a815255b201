package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;

/**
 * A stored value failed its version, checksum or structure check: it is unreadable, and the next
 * write of its key replaces it. The message says what failed, never what the bytes hold.
 */
final class CorruptValueException extends StoreDamagedException {
  private static final long serialVersionUID = 1L;

  CorruptValueException(String message) {
    super(message);
  }
}
