package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A store that keeps records in memory only, for tests and for agents that accept losing their
 * records on restart (then every image looks preloaded again, or must be pulled, by policy).
 */
public final class InMemoryPullRecordStore implements PullRecordStore {
  private final ConcurrentMap<String, PulledRecord> records = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, PullIntent> intents = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    ensureOpen();
    return Optional.ofNullable(records.get(imageRef));
  }

  @Override
  public void writePulledRecord(PulledRecord record) {
    ensureOpen();
    records.put(record.imageRef(), record);
  }

  @Override
  public boolean deletePulledRecord(String imageRef) {
    ensureOpen();
    return records.remove(Objects.requireNonNull(imageRef, "imageRef")) != null;
  }

  @Override
  public List<PulledRecord> pulledRecords() {
    ensureOpen();
    return List.copyOf(records.values());
  }

  @Override
  public boolean pullIntentExists(String image) {
    ensureOpen();
    return intents.containsKey(image);
  }

  @Override
  public void writePullIntent(PullIntent intent) {
    ensureOpen();
    intents.put(intent.image(), intent);
  }

  @Override
  public boolean deletePullIntent(String image) {
    ensureOpen();
    return intents.remove(Objects.requireNonNull(image, "image")) != null;
  }

  @Override
  public List<PullIntent> pullIntents() {
    ensureOpen();
    return List.copyOf(intents.values());
  }

  @Override
  public long pulledRecordCount() {
    ensureOpen();
    return records.size();
  }

  @Override
  public long pullIntentCount() {
    ensureOpen();
    return intents.size();
  }

  /**
   * Marks the store closed; its records stay in memory, so {@link #reopen()} can model an agent
   * restart over the same records.
   */
  @Override
  public void close() {
    closed = true;
  }

  /** Opens this store again after {@link #close()}, with the records it held. */
  public InMemoryPullRecordStore reopen() {
    closed = false;
    return this;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("store is closed");
    }
  }
}
