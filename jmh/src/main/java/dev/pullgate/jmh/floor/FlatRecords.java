package dev.pullgate.jmh.floor;

import dev.pullgate.jmh.workload.Workload;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Records in the simplest flat layout a decision could read in place, keyed by imageRef:
 *
 * <pre>
 *  0                 n                 n + 32
 *  +-----------------+-----------------+
 *  | image name      | credential hash |
 *  | (UTF-8, n bytes)| (32 bytes)      |
 *  +-----------------+-----------------+
 * </pre>
 *
 * <p>One image name and the hash of the secret the scenario's pods hold: the least a record must
 * keep to answer a secret-hash match, whatever the number of secrets the engine's record holds.
 */
final class FlatRecords {
  /** The length of a credential hash, the last bytes of a flat record. */
  static final int HASH_LENGTH = 32;

  private FlatRecords() {}

  /** The flat records of {@code records}, private records of {@code workload}, by imageRef. */
  static Map<String, byte[]> of(Workload workload, int[] records) {
    Map<String, byte[]> byImageRef = new HashMap<>(records.length * 2);
    for (int r : records) {
      if (workload.isNodeAccessible(r)) {
        throw new IllegalArgumentException("record " + r + " holds no secret for a flat record");
      }
      byte[] hash = workload.secret(workload.matchingNamespace(r)).hash().bytes();
      byImageRef.put(workload.imageRef(r), encode(workload.imageName(r), hash));
    }
    return byImageRef;
  }

  /** The flat record of {@code imageName} and {@code hash}. */
  static byte[] encode(String imageName, byte[] hash) {
    byte[] name = imageName.getBytes(StandardCharsets.UTF_8);
    byte[] record = new byte[name.length + HASH_LENGTH];
    System.arraycopy(name, 0, record, 0, name.length);
    System.arraycopy(hash, 0, record, name.length, HASH_LENGTH);
    return record;
  }
}
