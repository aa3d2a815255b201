package dev.pullgate.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The changes of a write-behind store that are queued but not yet committed, by key, as reads see
 * them: the latest change of each record and each intent.
 */
final class PendingChanges {
  private final ConcurrentMap<String, PendingWrite> records = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, PendingWrite> intents = new ConcurrentHashMap<>();

  /** The pending change of the record of {@code imageRef}, or null. */
  PendingWrite record(String imageRef) {
    return records.get(imageRef);
  }

  /** The pending change of the intent for {@code reference}, or null. */
  PendingWrite intent(String reference) {
    return intents.get(reference);
  }

  /** Makes {@code write} the change reads see for its key. */
  void put(PendingWrite write) {
    mapOf(write).put(write.key(), write);
  }

  /** Forgets {@code write} once committed, unless a newer change replaced it. */
  void remove(PendingWrite write) {
    mapOf(write).remove(write.key(), write);
  }

  /** Makes {@code newer} visible in place of {@code older}, if {@code older} still is. */
  void replace(PendingWrite newer, PendingWrite older) {
    mapOf(newer).replace(newer.key(), older, newer);
  }

  /** Every pending record change. */
  Iterable<PendingWrite> records() {
    return records.values();
  }

  /** Every pending intent change. */
  Iterable<PendingWrite> intents() {
    return intents.values();
  }

  /** Whether nothing is pending. */
  boolean isEmpty() {
    return records.isEmpty() && intents.isEmpty();
  }

  private ConcurrentMap<String, PendingWrite> mapOf(PendingWrite write) {
    return write.change().isRecord() ? records : intents;
  }
}
