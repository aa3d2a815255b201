package dev.pullgate.record;

import dev.pullgate.image.ImageName;
import dev.pullgate.image.InvalidImageException;

/**
 * Validation of imageRefs, the container runtime's opaque identity of a pulled image: non-empty,
 * printable ASCII without whitespace, at most {@value #MAX_LENGTH} bytes, compared byte for byte,
 * and unable to hold URL userinfo ({@link ImageName#mayHoldUserinfo}).
 *
 * <p>Runtimes name an image by its id ({@code sha256:…}) or a digested reference ({@code
 * registry.example/app@sha256:…}); a string such as {@code user:password@host} is a credential in
 * the wrong place, which a store would keep and the operator commands would print.
 */
final class ImageRef {
  /** The longest imageRef accepted, in bytes. */
  public static final int MAX_LENGTH = 4096;

  private ImageRef() {}

  /** Whether {@code imageRef} is a valid imageRef. */
  public static boolean isValid(String imageRef) {
    if (imageRef == null || imageRef.isEmpty() || imageRef.length() > MAX_LENGTH) {
      return false;
    }
    return ImageName.firstNonGraphic(imageRef) < 0 && !ImageName.mayHoldUserinfo(imageRef);
  }

  /**
   * Returns {@code imageRef} when valid.
   *
   * @throws InvalidImageException naming {@code field} otherwise
   */
  public static String validate(String imageRef, String field) {
    if (!isValid(imageRef)) {
      throw new InvalidImageException(
          field
              + " must be 1 to "
              + MAX_LENGTH
              + " bytes of printable ASCII without whitespace or user:password@, was "
              + describe(imageRef));
    }
    return imageRef;
  }

  private static String describe(String imageRef) {
    if (imageRef == null) {
      return "null";
    }
    if (imageRef.isEmpty()) {
      return "empty";
    }
    // Counting characters, not encoding to count bytes: a longer value is invalid either way.
    return imageRef.length() > MAX_LENGTH
        ? imageRef.length() + " characters long"
        : ImageName.describe(imageRef);
  }
}
