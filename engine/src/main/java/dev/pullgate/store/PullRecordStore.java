package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where pulled records (keyed by imageRef) and pull intents (keyed by image string) are kept: the
 * one storage seam of the engine. The in-memory store, the LMDB store, the cache decorator and the
 * kubelet file store all implement it, and one contract suite tests them all.
 *
 * <p>Threading: every method may be called from many threads at once. The engine serialises writes
 * for the same key itself, so a store needs no read-modify-write of its own.
 *
 * <p>Errors: "not found" is an empty value, never an exception; a failure to read or write throws
 * {@link StoreException}, and a store that is closed throws it too. Writes are durable when they
 * return, except {@link #writePulledRecordDeferred}, which is durable after the next {@link
 * #flush()} or {@link #close()}.
 */
public interface PullRecordStore extends AutoCloseable {

  /** The pulled record for {@code imageRef}, or empty. */
  Optional<PulledRecord> pulledRecord(String imageRef);

  /** Stores {@code record} under its imageRef, replacing any record there; durable on return. */
  void writePulledRecord(PulledRecord record);

  /**
   * Stores {@code record} so that every later read sees it at once, while the durable commit may
   * follow later (batched with others). Stores without write-behind write it at once.
   */
  default void writePulledRecordDeferred(PulledRecord record) {
    writePulledRecord(record);
  }

  /**
   * Stores these records, each under its imageRef, in one durable commit where the store supports
   * it; durable on return.
   */
  default void writePulledRecords(Collection<PulledRecord> records) {
    for (PulledRecord record : records) {
      writePulledRecord(record);
    }
  }

  /**
   * Checks that this store could hold {@code record}, storing nothing. Layers that accept a write
   * now and commit it later call it first, so that a record no commit could ever store fails its
   * own call instead of every later commit.
   *
   * @throws IllegalArgumentException when no write of {@code record} could succeed here (a string
   *     the store's format cannot encode); the message names the field, never its value
   */
  default void requireStorable(PulledRecord record) {}

  /** Deletes the pulled record for {@code imageRef}; returns whether there was one. */
  boolean deletePulledRecord(String imageRef);

  /** Every pulled record, in no particular order. */
  List<PulledRecord> pulledRecords();

  /** Whether an intent is stored for {@code image}. */
  boolean pullIntentExists(String image);

  /** Stores an intent; durable on return. Storing an existing intent again is no error. */
  void writePullIntent(PullIntent intent);

  /** Deletes the intent for {@code image}; returns whether there was one. */
  boolean deletePullIntent(String image);

  /** Every stored intent, in no particular order. */
  List<PullIntent> pullIntents();

  /** How many pulled records are stored. */
  long pulledRecordCount();

  /** How many intents are stored. */
  long pullIntentCount();

  /** Deletes the pulled records of these imageRefs; returns how many there were. */
  default int deletePulledRecords(Collection<String> imageRefs) {
    int deleted = 0;
    for (String imageRef : imageRefs) {
      if (deletePulledRecord(imageRef)) {
        deleted++;
      }
    }
    return deleted;
  }

  /** The counters of this store's in-memory cache; {@link CacheStatistics#NONE} without one. */
  default CacheStatistics cacheStatistics() {
    return CacheStatistics.NONE;
  }

  /** Makes every deferred write durable before returning. */
  default void flush() {}

  /** Flushes deferred writes and releases the store; later calls throw {@link StoreException}. */
  @Override
  void close();
}
