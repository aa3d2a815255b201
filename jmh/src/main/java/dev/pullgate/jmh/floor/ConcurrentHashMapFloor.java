package dev.pullgate.jmh.floor;

import dev.pullgate.jmh.workload.Probe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FloorKind#CONCURRENT_HASH_MAP}: an unbounded map lookup, the cheapest a cache can be. */
final class ConcurrentHashMapFloor implements Floor {
  private final ConcurrentHashMap<String, byte[]> records;

  ConcurrentHashMapFloor(Map<String, byte[]> records) {
    this.records = new ConcurrentHashMap<>(records);
  }

  @Override
  public boolean mustAttemptPull(Probe probe) {
    return records.get(probe.imageRef()) == null;
  }
}
