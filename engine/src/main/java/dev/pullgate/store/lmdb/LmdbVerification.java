package dev.pullgate.store.lmdb;

import java.util.List;

/**
 * What {@link LmdbPullRecordStore#verify()} found: how many entries it read and every one that is
 * damaged.
 *
 * @param pulledRecords entries read from the pulled records database, damaged ones included
 * @param pullIntents entries read from the pull intents database, damaged ones included
 * @param damage every damaged entry, records first, each database in key order
 */
public record LmdbVerification(long pulledRecords, long pullIntents, List<LmdbDamage> damage) {
  public LmdbVerification {
    damage = List.copyOf(damage);
  }

  /** Whether every entry is readable and consistent. */
  public boolean isIntact() {
    return damage.isEmpty();
  }
}
