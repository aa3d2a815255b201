package dev.pullgate.record;

import net.openhft.hashing.LongHashFunction;

/**
 * The 64-bit fingerprint of a secret's or service account's coordinates (uid, namespace, name),
 * which orders the rows a decision searches by coordinates.
 *
 * <p>A fingerprint only narrows a search: a match that grants is always confirmed by comparing the
 * strings themselves. Two coordinates with equal fingerprints merely share a search position.
 */
final class CoordinateFingerprint {
  private static final LongHashFunction XXH3 = LongHashFunction.xx3();
  private static final long NAMESPACE_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;
  private static final long NAME_MULTIPLIER = 0xC2B2_AE3D_27D4_EB4FL;

  private CoordinateFingerprint() {}

  /** The fingerprint of these coordinates; allocation-free. */
  static long of(String uid, String namespace, String name) {
    long h = XXH3.hashChars(uid);
    h = Long.rotateLeft(h, 23) ^ XXH3.hashChars(namespace) * NAMESPACE_MULTIPLIER;
    h = Long.rotateLeft(h, 23) ^ XXH3.hashChars(name) * NAME_MULTIPLIER;
    return h ^ (h >>> 31);
  }
}
