package dev.pullgate.store;

import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A store that keeps records in memory only, for tests and for agents that accept losing their
 * records on restart (then every image looks preloaded again, or must be pulled, by policy).
 *
 * <p>Closing keeps the records, so {@link #reopen()} can model an agent restart over them. An
 * update is applied under one lock, so it is atomic to readers of whole updates; single reads take
 * no lock.
 */
final class InMemoryPullRecordStore implements PullRecordStore {
  private final Map<String, ByteBuffer> records = new ConcurrentHashMap<>();
  private final Set<String> intents = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile String hashKeyId;

  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    Objects.requireNonNull(imageRef, "imageRef");
    ensureOpen();
    ByteBuffer stored = records.get(imageRef);
    return reader.read(context, stored == null ? null : stored.duplicate(), false);
  }

  @Override
  public void forEachRecord(Consumer<PulledRecord> visitor) {
    ensureOpen();
    for (ByteBuffer stored : records.values()) {
      visitor.accept(RecordFormat.decode(stored.duplicate()));
    }
  }

  @Override
  public boolean pullIntentExists(String reference) {
    ensureOpen();
    return intents.contains(Objects.requireNonNull(reference, "reference"));
  }

  @Override
  public List<String> pullIntents() {
    ensureOpen();
    return List.copyOf(intents);
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

  @Override
  public synchronized void write(Update update) {
    ensureOpen();
    for (Change change : update.changes()) {
      switch (change.kind()) {
        case PUT_RECORD -> records.put(change.key(), change.storedBuffer());
        case DELETE_RECORD -> records.remove(change.key());
        case PUT_INTENT -> intents.add(change.key());
        case DELETE_INTENT -> intents.remove(change.key());
      }
    }
  }

  @Override
  public Optional<String> hashKeyId() {
    ensureOpen();
    return Optional.ofNullable(hashKeyId);
  }

  @Override
  public synchronized void adoptHashKeyId(String id) {
    ensureOpen();
    if (hashKeyId != null || !records.isEmpty()) {
      throw new StoreException("only a store without records or a key may take a hash key");
    }
    hashKeyId = Objects.requireNonNull(id, "id");
  }

  /** Marks the store closed; its records stay in memory for {@link #reopen()}. */
  @Override
  public void close() {
    closed = true;
  }

  /** Opens this store again after {@link #close()}, with the records it held. */
  InMemoryPullRecordStore reopen() {
    closed = false;
    return this;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException();
    }
  }
}
