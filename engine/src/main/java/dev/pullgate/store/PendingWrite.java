package dev.pullgate.store;

import dev.pullgate.record.PulledRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * One pulled-record change waiting for its commit: a record to store under its imageRef, or the
 * deletion of the record at an imageRef.
 *
 * <p>Compared by identity on purpose: the writer removes a pending change only if it is still the
 * very change it committed, so a newer one for the same imageRef stays pending.
 */
final class PendingWrite {
  private final String imageRef;
  private final Optional<PulledRecord> value;

  private PendingWrite(String imageRef, Optional<PulledRecord> value) {
    this.imageRef = Objects.requireNonNull(imageRef, "imageRef");
    this.value = value;
  }

  /** The change that stores {@code record}. */
  static PendingWrite store(PulledRecord record) {
    return new PendingWrite(record.imageRef(), Optional.of(record));
  }

  /** The change that deletes the record at {@code imageRef}. */
  static PendingWrite delete(String imageRef) {
    return new PendingWrite(imageRef, Optional.empty());
  }

  String imageRef() {
    return imageRef;
  }

  /** What a read of the imageRef answers while this change is pending: the record, or empty. */
  Optional<PulledRecord> value() {
    return value;
  }

  boolean isDeletion() {
    return value.isEmpty();
  }
}
