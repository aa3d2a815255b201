package dev.pullgate.cli;

import dev.pullgate.image.ImageName;
import dev.pullgate.record.PulledRecord;

/**
 * What the operator commands accept as an imageRef: what the engine accepts ({@link
 * PulledRecord#isValidImageRef}: printable ASCII without whitespace or URL userinfo, at most
 * {@value #MAX_LENGTH} bytes), and, when it is a content digest ({@code sha256:…}, or {@code
 * repository@sha256:…} as runtimes also report it), a well-formed one: {@code sha256:0000} is a
 * typing mistake, not an imageRef that happens to be missing.
 */
final class ImageRefCheck {
  /** The longest imageRef, as the engine takes it. */
  static final int MAX_LENGTH = 4096;

  private ImageRefCheck() {}

  /**
   * Why {@code imageRef} is not a well-formed imageRef, or null when it is one. The reason shows
   * the value only as {@link ImageName#describe} allows.
   */
  static String problem(String imageRef) {
    if (!PulledRecord.isValidImageRef(imageRef)) {
      return ImageName.describe(imageRef)
          + " is not an imageRef: an imageRef has 1 to "
          + MAX_LENGTH
          + " bytes of printable ASCII without whitespace or user:password@";
    }
    String digest = imageRef.substring(imageRef.lastIndexOf('@') + 1);
    int colon = digest.indexOf(':');
    int length =
        colon < 0
            ? -1
            : switch (digest.substring(0, colon)) {
              case "sha256" -> 64;
              case "sha384" -> 96;
              case "sha512" -> 128;
              default -> -1;
            };
    if (length < 0 || isLowerHex(digest, colon + 1, length)) {
      return null;
    }
    return ImageName.describe(imageRef)
        + " is not a well-formed imageRef: a "
        + digest.substring(0, colon)
        + " digest has exactly "
        + length
        + " lowercase hex digits";
  }

  private static boolean isLowerHex(String s, int from, int length) {
    if (s.length() - from != length) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
