package dev.pullgate.store.lmdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Damages a closed LMDB store on disk the way bit rot would, for tests of every module that must
 * fail closed on it: flips one byte inside every stored copy of a marker string.
 */
public final class StoreDamage {
  private StoreDamage() {}

  /**
   * Flips a bit in the last byte of every copy of {@code marker} in the data file of the store in
   * {@code storeDir}.
   *
   * @return how many copies were damaged
   * @throws IllegalStateException when the marker is nowhere in the file, so that a test cannot
   *     silently damage nothing
   */
  public static int flipEveryCopyOf(Path storeDir, String marker) throws IOException {
    Path data = storeDir.resolve(StoreDirectory.DATA_FILE);
    byte[] file = Files.readAllBytes(data);
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    int damaged = 0;
    for (int i = 0; i + needle.length <= file.length; i++) {
      if (Arrays.equals(file, i, i + needle.length, needle, 0, needle.length)) {
        file[i + needle.length - 1] ^= 0x20;
        damaged++;
      }
    }
    if (damaged == 0) {
      throw new IllegalStateException("marker '" + marker + "' is not in " + data);
    }
    Files.write(data, file);
    return damaged;
  }
}
