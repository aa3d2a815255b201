package dev.pullgate.image;

/**
 * The content digests ({@code algorithm:hex}) the OCI digest package supports, checked in place.
 */
final class Digests {
  private Digests() {}

  /**
   * How many hex digits the algorithm {@code s[from, to)} requires: 64 for sha256, 96 for sha384,
   * 128 for sha512; -1 for any other algorithm.
   */
  static int hexLength(String s, int from, int to) {
    if (to - from != "sha256".length()) {
      return -1;
    }
    if (s.startsWith("sha256", from)) {
      return 64;
    }
    if (s.startsWith("sha384", from)) {
      return 96;
    }
    if (s.startsWith("sha512", from)) {
      return 128;
    }
    return -1;
  }

  /** Whether {@code s[from, to)} is made of lowercase hex digits only. */
  static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
