package dev.pullgate.jmh.floor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pullgate.jmh.workload.Probe;
import java.util.Map;

/**
 * {@link FloorKind#CAFFEINE}: a hit in a bounded Caffeine cache that holds every record, built as
 * the engine builds its record cache but without statistics.
 */
final class CaffeineFloor implements Floor {
  private final Cache<String, byte[]> records;

  CaffeineFloor(Map<String, byte[]> records) {
    this.records = Caffeine.newBuilder().maximumSize(records.size()).build();
    this.records.putAll(records);
    this.records.cleanUp();
  }

  @Override
  public boolean mustAttemptPull(Probe probe) {
    return records.getIfPresent(probe.imageRef()) == null;
  }
}
