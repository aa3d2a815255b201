package dev.pullgate.store;

import java.nio.ByteBuffer;

/**
 * One change waiting for its commit, as reads see it meanwhile.
 *
 * <p>Compared by identity on purpose: the writer removes a pending change only if it is still the
 * very change it committed, so a newer one for the same key stays pending.
 */
final class PendingWrite {
  private final PullRecordStore.Change change;
  private final ByteBuffer stored;

  PendingWrite(PullRecordStore.Change change) {
    this.change = change;
    this.stored = change.storedBuffer();
  }

  PullRecordStore.Change change() {
    return change;
  }

  /** The key of the change: an imageRef or a normalised reference. */
  String key() {
    return change.key();
  }

  /** Whether the change stores something (a record or an intent) rather than deleting it. */
  boolean isPut() {
    return change.kind() == PullRecordStore.Change.Kind.PUT_RECORD
        || change.kind() == PullRecordStore.Change.Kind.PUT_INTENT;
  }

  /** The record a read sees while this change is pending: a fresh view of its bytes, or null. */
  ByteBuffer stored() {
    return stored == null ? null : stored.duplicate();
  }
}
