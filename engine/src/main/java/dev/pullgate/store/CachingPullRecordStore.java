package dev.pullgate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.pullgate.PullGateConfig;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * A {@link PullRecordStore} that keeps decoded pulled records and intent lookups, present or known
 * absent, in bounded Caffeine caches in front of another store, writing through to it.
 *
 * <p>Implementation notes. Coherence rests on one rule: a value enters the cache only while the
 * cache's lock for its key is held. A miss loads with {@code Cache.get(key, loader)}, which runs
 * the delegate's read inside the map's compute for that key; a single-key write or delete runs the
 * delegate's write inside {@code asMap().compute} for the key and installs the written value. A
 * load and a write of one key therefore never overlap: a load cannot read the old value and then
 * install it over a newer one. When the delegate throws, its outcome is unknown, so the entry is
 * removed inside the same compute and the next read loads the truth. Batch writes and deletes
 * cannot hold many keys' locks; they remove their keys after the delegate call, and a load that
 * raced the batch installed its value under the key lock before that removal, so the removal wins.
 * A hit takes no lock and allocates nothing: the loaders are fields, the cached values are the very
 * {@code Optional} and {@code Boolean} instances returned.
 *
 * <p>The price of that rule, accepted on purpose: a compute holds the map's lock for its key's bin
 * while the delegate works, and over write-behind a synchronous write works for a whole commit (one
 * sync). Meanwhile misses and writes of other keys in that bin, and an eviction of one of them,
 * wait; hits never do. It cannot deadlock: the delegate never calls back into this cache, and the
 * write-behind writer that a compute may wait for never touches it.
 *
 * <p>The caller must be the delegate's only writer: writes that bypass this decorator stay unseen
 * until their entries are evicted.
 */
public final class CachingPullRecordStore implements PullRecordStore {
  private final PullRecordStore delegate;
  private final Cache<String, Optional<PulledRecord>> records; // null: records are not cached
  private final Cache<String, Boolean> intents; // null: intents are not cached
  private final Function<String, Optional<PulledRecord>> recordLoader;
  private final Function<String, Boolean> intentLoader;
  private volatile boolean closed;

  /**
   * A cache of at most {@code maxRecords} pulled records and {@code maxIntents} intent lookups over
   * {@code delegate}; zero turns caching of that kind off.
   */
  public CachingPullRecordStore(PullRecordStore delegate, long maxRecords, long maxIntents) {
    this(delegate, maxRecords, maxIntents, ForkJoinPool.commonPool());
  }

  /**
   * As {@link #CachingPullRecordStore(PullRecordStore, long, long)}, with Caffeine's maintenance
   * (eviction) run on {@code maintenance}; tests pass {@code Runnable::run} to make it immediate.
   */
  public CachingPullRecordStore(
      PullRecordStore delegate, long maxRecords, long maxIntents, Executor maintenance) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(maintenance, "maintenance");
    this.records = newCache(PullGateConfig.CACHE_MAX_RECORDS, maxRecords, maintenance);
    this.intents = newCache(PullGateConfig.CACHE_MAX_INTENTS, maxIntents, maintenance);
    this.recordLoader = delegate::pulledRecord;
    this.intentLoader = delegate::pullIntentExists;
  }

  private static <V> Cache<String, V> newCache(String key, long maximum, Executor maintenance) {
    if (maximum < 0) {
      throw new IllegalArgumentException(key + " must not be negative, was " + maximum);
    }
    if (maximum == 0) {
      return null;
    }
    return Caffeine.newBuilder().maximumSize(maximum).executor(maintenance).recordStats().build();
  }

  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    ensureOpen();
    return records == null ? delegate.pulledRecord(imageRef) : records.get(imageRef, recordLoader);
  }

  @Override
  public void writePulledRecord(PulledRecord record) {
    ensureOpen();
    writeThrough(
        records, record.imageRef(), Optional.of(record), () -> delegate.writePulledRecord(record));
  }

  @Override
  public void writePulledRecordDeferred(PulledRecord record) {
    ensureOpen();
    writeThrough(
        records,
        record.imageRef(),
        Optional.of(record),
        () -> delegate.writePulledRecordDeferred(record));
  }

  @Override
  public void writePulledRecords(Collection<PulledRecord> batch) {
    ensureOpen();
    try {
      delegate.writePulledRecords(batch);
    } finally {
      if (records != null) {
        batch.forEach(record -> records.asMap().remove(record.imageRef()));
      }
    }
  }

  @Override
  public void requireStorable(PulledRecord record) {
    delegate.requireStorable(record);
  }

  @Override
  public boolean deletePulledRecord(String imageRef) {
    ensureOpen();
    boolean[] existed = new boolean[1];
    writeThrough(
        records,
        imageRef,
        Optional.empty(),
        () -> existed[0] = delegate.deletePulledRecord(imageRef));
    return existed[0];
  }

  @Override
  public int deletePulledRecords(Collection<String> imageRefs) {
    ensureOpen();
    try {
      return delegate.deletePulledRecords(imageRefs);
    } finally {
      if (records != null) {
        imageRefs.forEach(records.asMap()::remove);
      }
    }
  }

  @Override
  public List<PulledRecord> pulledRecords() {
    ensureOpen();
    return delegate.pulledRecords();
  }

  @Override
  public boolean pullIntentExists(String image) {
    ensureOpen();
    return intents == null ? delegate.pullIntentExists(image) : intents.get(image, intentLoader);
  }

  @Override
  public void writePullIntent(PullIntent intent) {
    ensureOpen();
    writeThrough(intents, intent.image(), Boolean.TRUE, () -> delegate.writePullIntent(intent));
  }

  @Override
  public boolean deletePullIntent(String image) {
    ensureOpen();
    boolean[] existed = new boolean[1];
    writeThrough(
        intents, image, Boolean.FALSE, () -> existed[0] = delegate.deletePullIntent(image));
    return existed[0];
  }

  @Override
  public List<PullIntent> pullIntents() {
    ensureOpen();
    return delegate.pullIntents();
  }

  @Override
  public long pulledRecordCount() {
    ensureOpen();
    return delegate.pulledRecordCount();
  }

  @Override
  public long pullIntentCount() {
    ensureOpen();
    return delegate.pullIntentCount();
  }

  @Override
  public CacheStatistics cacheStatistics() {
    CacheStats recordStats = records == null ? CacheStats.empty() : records.stats();
    CacheStats intentStats = intents == null ? CacheStats.empty() : intents.stats();
    return new CacheStatistics(
        recordStats.hitCount(),
        recordStats.missCount(),
        recordStats.evictionCount(),
        records == null ? 0 : records.estimatedSize(),
        intentStats.hitCount(),
        intentStats.missCount(),
        intentStats.evictionCount(),
        intents == null ? 0 : intents.estimatedSize());
  }

  @Override
  public void flush() {
    ensureOpen();
    delegate.flush();
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
    delegate.close();
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

  /**
   * Runs {@code delegateWrite} under {@code cache}'s lock for {@code key} and then holds {@code
   * value} there; when the write throws, removes the entry and rethrows.
   */
  private static <V> void writeThrough(
      Cache<String, V> cache, String key, V value, Runnable delegateWrite) {
    if (cache == null) {
      delegateWrite.run();
      return;
    }
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

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("store is closed");
    }
  }
}
