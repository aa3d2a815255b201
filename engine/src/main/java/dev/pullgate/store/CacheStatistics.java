package dev.pullgate.store;

/**
 * A snapshot of a store's in-memory cache counters: hits, misses and size-bound evictions since the
 * store opened, and how many entries it holds now, for pulled records and intent lookups apart.
 *
 * <p>A known absence (a negative entry) counts like any other entry. A kind that is not cached
 * reports zeros, and a store without a cache reports {@link #NONE}.
 *
 * @param recordHits pulled-record reads answered from memory
 * @param recordMisses pulled-record reads that went to the store underneath
 * @param recordEvictions pulled-record entries dropped to respect the size bound
 * @param cachedRecords pulled-record entries held now (an estimate under concurrent change)
 * @param intentHits intent lookups answered from memory
 * @param intentMisses intent lookups that went to the store underneath
 * @param intentEvictions intent entries dropped to respect the size bound
 * @param cachedIntents intent entries held now (an estimate under concurrent change)
 */
public record CacheStatistics(
    long recordHits,
    long recordMisses,
    long recordEvictions,
    long cachedRecords,
    long intentHits,
    long intentMisses,
    long intentEvictions,
    long cachedIntents) {

  /** The statistics of a store that caches nothing: every counter zero. */
  public static final CacheStatistics NONE = new CacheStatistics(0, 0, 0, 0, 0, 0, 0, 0);

  public CacheStatistics {
    requireNotNegative("recordHits", recordHits);
    requireNotNegative("recordMisses", recordMisses);
    requireNotNegative("recordEvictions", recordEvictions);
    requireNotNegative("cachedRecords", cachedRecords);
    requireNotNegative("intentHits", intentHits);
    requireNotNegative("intentMisses", intentMisses);
    requireNotNegative("intentEvictions", intentEvictions);
    requireNotNegative("cachedIntents", cachedIntents);
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }
}
