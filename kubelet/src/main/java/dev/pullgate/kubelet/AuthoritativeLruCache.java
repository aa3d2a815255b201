package dev.pullgate.kubelet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache that knows whether it holds every stored value, as the
 * kubelet's {@code lruCache} with its {@code authoritative} flag.
 *
 * <p>While authoritative, a miss means "not stored" and needs no disk read. The cache becomes
 * authoritative only through {@link #refresh}, from a complete listing with fewer values than its
 * capacity, and stops being so at the first eviction: from then on misses go to disk until a later
 * complete listing fits again. Explicit {@link #remove}s keep the flag, since the caller deleted
 * the value from disk too. A new cache is not authoritative.
 *
 * <p>A cache of capacity zero holds nothing and is never authoritative: every lookup misses.
 *
 * <p>Every method is atomic (one monitor); reads reorder the LRU list, so they take it too.
 *
 * @param <V> the cached values, keyed by string
 */
final class AuthoritativeLruCache<V> {
  private final int capacity;
  private final LinkedHashMap<String, V> entries;
  private volatile boolean authoritative;

  AuthoritativeLruCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must not be negative, was " + capacity);
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            if (size() > AuthoritativeLruCache.this.capacity) {
              authoritative = false;
              return true;
            }
            return false;
          }
        };
  }

  /** The value cached for {@code key}, or null; marks it most recently used. */
  synchronized V get(String key) {
    return entries.get(key);
  }

  /** Caches {@code value} under {@code key}, evicting the least recently used value if full. */
  synchronized void put(String key, V value) {
    entries.put(key, value);
  }

  /**
   * Forgets {@code key} because its value was deleted; the cache stays as authoritative as it was.
   */
  synchronized void remove(String key) {
    entries.remove(key);
  }

  /** How many values are cached. */
  synchronized int size() {
    return entries.size();
  }

  /** The most values this cache holds. */
  int capacity() {
    return capacity;
  }

  /** Whether the cache holds every stored value, so that a miss means "not stored". */
  boolean isAuthoritative() {
    return authoritative;
  }

  /**
   * Refills the cache from a listing of the store (each listed item cached as {@code toValue} of
   * it), as the kubelet does after listing while not authoritative: when the listing is complete
   * and smaller than the capacity, the cache becomes exactly that listing and authoritative;
   * otherwise an empty cache is filled with the first values that fit and stays not authoritative,
   * and a non-empty one is left alone.
   */
  synchronized <L> void refresh(
      List<L> listed, boolean complete, Function<L, String> keyOf, Function<L, V> toValue) {
    boolean listingIsAuthoritative = complete && listed.size() < capacity;
    if (!listingIsAuthoritative && !entries.isEmpty()) {
      return;
    }
    entries.clear();
    for (L item : listed.subList(0, Math.min(listed.size(), capacity))) {
      entries.put(keyOf.apply(item), toValue.apply(item));
    }
    authoritative = listingIsAuthoritative;
  }

  /** Empties the cache; it is no longer authoritative. */
  synchronized void clear() {
    entries.clear();
    authoritative = false;
  }
}
