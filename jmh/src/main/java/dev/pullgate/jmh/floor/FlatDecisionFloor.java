package dev.pullgate.jmh.floor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pullgate.jmh.workload.Probe;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link FloorKind#FLAT_DECISION}: the decision the design promises, written as plainly as it can
 * be. One Caffeine {@code getIfPresent} of the record held as a {@link FlatRecords flat} {@code
 * byte[]}, one comparison of its image name with the pod's image name, one comparison of its
 * 32-byte hash with the pod's secret's hash, read in place as four longs and compared in constant
 * time, as the engine compares hashes (a byte-by-byte loop costs several times more). The pod's
 * image name comes already normalised: the engine looks parsed images up in a cache, this floor
 * does not.
 */
final class FlatDecisionFloor implements Floor {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Cache<String, byte[]> records;

  FlatDecisionFloor(Map<String, byte[]> records) {
    this.records = Caffeine.newBuilder().maximumSize(records.size()).build();
    this.records.putAll(records);
    this.records.cleanUp();
  }

  @Override
  public boolean mustAttemptPull(Probe probe) {
    byte[] record = records.getIfPresent(probe.imageRef());
    if (record == null) {
      return true;
    }
    byte[] name = probe.imageName();
    int nameLength = record.length - FlatRecords.HASH_LENGTH;
    if (nameLength != name.length || !Arrays.equals(record, 0, nameLength, name, 0, nameLength)) {
      return true;
    }
    byte[] hash = probe.hash();
    if (hash == null) {
      return true;
    }
    long difference = 0;
    for (int i = 0; i < FlatRecords.HASH_LENGTH; i += Long.BYTES) {
      difference |= (long) LONGS.get(record, nameLength + i) ^ (long) LONGS.get(hash, i);
    }
    return difference != 0;
  }
}
