package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreException;

/**
 * A stored value failed its version, checksum or structure check: it is unreadable, and the next
 * write of its key replaces it. The message says what failed, never what the bytes hold.
 */
final class CorruptValueException extends StoreException {
  private static final long serialVersionUID = 1L;

  CorruptValueException(String message) {
    super(message);
  }
}
