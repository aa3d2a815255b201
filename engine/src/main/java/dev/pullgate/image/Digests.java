package dev.pullgate.image;

/** Validation of content digests ({@code algorithm:hex}) as the OCI digest package does it. */
final class Digests {
  private Digests() {}

  /** Throws unless {@code digest} names a supported algorithm with the right lowercase hex. */
  static void validate(String digest, String image) {
    int colon = digest.indexOf(':');
    String algorithm = digest.substring(0, colon);
    String hex = digest.substring(colon + 1);
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default ->
              throw new InvalidImageException(
                  "image " + ImageName.quote(image) + " has an unsupported digest algorithm");
        };
    if (hex.length() != expected || !isLowerHex(hex)) {
      throw new InvalidImageException(
          "image "
              + ImageName.quote(image)
              + " has an invalid "
              + algorithm
              + " digest: expected "
              + expected
              + " lowercase hex digits");
    }
  }

  /** Whether {@code s} is made of lowercase hex digits only. */
  static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
