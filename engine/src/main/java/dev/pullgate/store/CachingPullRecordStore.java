package dev.pullgate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.pullgate.error.StoreClosedException;
import dev.pullgate.record.RecordFormat;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * A store that keeps stored records (the very bytes of {@link RecordFormat}, so a decision reads a
 * cached record exactly as it reads the memory map) and intent lookups, present or known absent, in
 * bounded Caffeine caches in front of another store, writing through to it.
 *
 * <p>Implementation notes. Coherence rests on one rule: a value enters the cache only while the
 * cache's lock for its key is held. A miss loads with {@code Cache.get(key, loader)}, which runs
 * the delegate's read inside the map's compute for that key, and copies the bytes after decoding
 * them once. An update of one record or one intent runs the delegate's write inside {@code
 * asMap().compute} for its key and installs what it wrote; any other update removes the keys it
 * touched after the delegate applied it, and since a removal waits for a load of the same key in
 * flight, a load that read the older value cannot outlive it. When the delegate throws, its outcome
 * is unknown, so the keys are removed and the next read loads the truth. A hit takes no lock and
 * allocates nothing.
 *
 * <p>The price, accepted on purpose: a compute holds the map's lock for its key's bin while the
 * delegate works, and over write-behind a durable write works for a whole commit. Meanwhile misses
 * and writes of other keys in that bin wait; hits never do. It cannot deadlock: the delegate never
 * calls back into this cache. The caller must be the delegate's only writer.
 *
 * <p>While a write of a record is in flight, the delegate may already show the new record (a
 * write-behind store does from the moment it queues it) while hits still return the cached one. So
 * {@link #imageRefsWith} also names every record being written: a forget that skipped one because
 * the delegate no longer shows the term would leave readers granting on the cached record after it
 * returned. Forgetting a record that no longer holds the term finds nothing to remove. For the same
 * reason {@link #imageRefsBeingWritten} names them to callers that select records from a listing.
 */
public final class CachingPullRecordStore extends ForwardingPullRecordStore {
  /** The cached value of a key known to hold no record. */
  private static final ByteBuffer ABSENT = ByteBuffer.allocate(0);

  private final Cache<String, ByteBuffer> records; // null: records are not cached
  private final Cache<String, Boolean> intents; // null: intents are not cached
  private final Function<String, ByteBuffer> recordLoader;
  private final Function<String, Boolean> intentLoader;
  private final ConcurrentMap<String, Integer> recordsBeingWritten = new ConcurrentHashMap<>();
  private volatile boolean closed;

  CachingPullRecordStore(PullRecordStore delegate, long maxRecords, long maxIntents) {
    this(delegate, maxRecords, maxIntents, ForkJoinPool.commonPool());
  }

  /** As the public factory, with Caffeine's maintenance run on {@code maintenance} (tests). */
  CachingPullRecordStore(
      PullRecordStore delegate, long maxRecords, long maxIntents, Executor maintenance) {
    super(delegate);
    Objects.requireNonNull(maintenance, "maintenance");
    this.records = newCache("maxRecords", maxRecords, maintenance);
    this.intents = newCache("maxIntents", maxIntents, maintenance);
    this.recordLoader =
        imageRef -> delegate.readRecord(imageRef, null, CachingPullRecordStore::copy);
    this.intentLoader = delegate::pullIntentExists;
  }

  private static <V> Cache<String, V> newCache(String name, long maximum, Executor maintenance) {
    if (maximum < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + maximum);
    }
    if (maximum == 0) {
      return null;
    }
    return Caffeine.newBuilder().maximumSize(maximum).executor(maintenance).recordStats().build();
  }

  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    if (closed) {
      throw new StoreClosedException();
    }
    if (records == null) {
      return delegate().readRecord(imageRef, context, reader);
    }
    ByteBuffer stored = records.get(imageRef, recordLoader);
    return reader.read(context, stored == ABSENT ? null : stored, false);
  }

  @Override
  public boolean pullIntentExists(String reference) {
    ensureOpen();
    if (intents == null) {
      return delegate().pullIntentExists(reference);
    }
    return intents.get(reference, intentLoader);
  }

  @Override
  public void write(Update update) {
    ensureOpen();
    apply(update, () -> delegate().write(update));
  }

  @Override
  public void writeDeferred(Update update) {
    ensureOpen();
    apply(update, () -> delegate().writeDeferred(update));
  }

  /**
   * The imageRefs whose records hold {@code value} under {@code term} as the delegate shows them,
   * and every imageRef whose record is being written now, which hits may still show as it was.
   */
  @Override
  public Set<String> imageRefsWith(IndexTerm term, String value) {
    ensureOpen();
    // The delegate first: a write that ends after its answer has updated the cache by then.
    Set<String> found = new TreeSet<>(delegate().imageRefsWith(term, value));
    found.addAll(recordsBeingWritten.keySet());
    return found;
  }

  /** The imageRefs of the records whose writes through this cache have not returned yet. */
  @Override
  public Set<String> imageRefsBeingWritten() {
    ensureOpen();
    return Set.copyOf(recordsBeingWritten.keySet());
  }

  /** {@return the cache's counters and occupancy now} */
  public Statistics statistics() {
    CacheStats recordStats = records == null ? CacheStats.empty() : records.stats();
    CacheStats intentStats = intents == null ? CacheStats.empty() : intents.stats();
    return new Statistics(
        recordStats.hitCount(),
        recordStats.missCount(),
        recordStats.evictionCount(),
        records == null ? 0 : records.estimatedSize(),
        intentStats.hitCount(),
        intentStats.missCount(),
        intentStats.evictionCount(),
        intents == null ? 0 : intents.estimatedSize());
  }

  /**
   * Drops every entry and closes the delegate, which flushes its deferred writes. When that throws,
   * this store stays closed to callers and a later {@code close()} asks the delegate again.
   */
  @Override
  public void close() {
    closed = true;
    if (records != null) {
      records.invalidateAll();
    }
    if (intents != null) {
      intents.invalidateAll();
    }
    delegate().close();
  }

  /** Runs Caffeine's pending maintenance (evictions) at once; for tests. */
  void cleanUp() {
    if (records != null) {
      records.cleanUp();
    }
    if (intents != null) {
      intents.cleanUp();
    }
  }

  private void apply(Update update, Runnable delegateWrite) {
    if (records == null) {
      applyToCaches(update, delegateWrite);
      return;
    }
    for (Change change : update.changes()) {
      if (change.isRecord()) {
        recordsBeingWritten.merge(change.key(), 1, Integer::sum);
      }
    }
    try {
      applyToCaches(update, delegateWrite);
    } finally {
      for (Change change : update.changes()) {
        if (change.isRecord()) {
          recordsBeingWritten.computeIfPresent(change.key(), (k, n) -> n == 1 ? null : n - 1);
        }
      }
    }
  }

  private void applyToCaches(Update update, Runnable delegateWrite) {
    if (update.changes().size() == 1) {
      Change change = update.changes().get(0);
      if (change.isRecord() && records != null) {
        ByteBuffer value = change.stored() == null ? ABSENT : change.storedBuffer();
        writeThrough(records, change.key(), value, delegateWrite);
        return;
      }
      if (!change.isRecord() && intents != null) {
        Boolean value = change.kind() == Change.Kind.PUT_INTENT;
        writeThrough(intents, change.key(), value, delegateWrite);
        return;
      }
    }
    try {
      delegateWrite.run();
    } finally {
      for (Change change : update.changes()) {
        Cache<String, ?> cache = change.isRecord() ? records : intents;
        if (cache != null) {
          cache.asMap().remove(change.key());
        }
      }
    }
  }

  /**
   * Runs {@code delegateWrite} under {@code cache}'s lock for {@code key} and then holds {@code
   * value} there; when the write throws, removes the entry and rethrows.
   */
  private static <V> void writeThrough(
      Cache<String, V> cache, String key, V value, Runnable delegateWrite) {
    Throwable[] failure = new Throwable[1];
    cache
        .asMap()
        .compute(
            key,
            (k, old) -> {
              try {
                delegateWrite.run();
                return value;
              } catch (RuntimeException | Error e) {
                failure[0] = e;
                return null;
              }
            });
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }

  /**
   * A checked heap copy of {@code stored}, or {@link #ABSENT}: bytes from durable storage enter the
   * cache only when they decode, so that a decision never reads a structure that only its checksum
   * vouches for (a miss pays for one decode; hits read the bytes in place). Readers never write to
   * it; it is not a read-only buffer, since hashing one of those reads it byte by byte.
   */
  private static ByteBuffer copy(Object context, ByteBuffer stored, boolean inPlace) {
    if (stored == null) {
      return ABSENT;
    }
    byte[] bytes = new byte[stored.remaining()];
    stored.get(stored.position(), bytes);
    ByteBuffer copy = ByteBuffer.wrap(bytes);
    if (inPlace) {
      RecordFormat.decode(copy);
    }
    return copy;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException();
    }
  }

  /**
   * A snapshot of the cache's counters: hits, misses and size-bound evictions since it opened, and
   * how many entries it holds now, for stored records and intent lookups apart. A known absence
   * counts like any other entry.
   *
   * @param recordHits record reads answered from memory
   * @param recordMisses record reads that went to the store underneath
   * @param recordEvictions record entries dropped to respect the size bound
   * @param cachedRecords record entries held now (an estimate under concurrent change)
   * @param intentHits intent lookups answered from memory
   * @param intentMisses intent lookups that went to the store underneath
   * @param intentEvictions intent entries dropped to respect the size bound
   * @param cachedIntents intent entries held now (an estimate under concurrent change)
   */
  public record Statistics(
      long recordHits,
      long recordMisses,
      long recordEvictions,
      long cachedRecords,
      long intentHits,
      long intentMisses,
      long intentEvictions,
      long cachedIntents) {
    /** The statistics of no cache at all: every counter zero. */
    public static final Statistics NONE = new Statistics(0, 0, 0, 0, 0, 0, 0, 0);
  }
}
