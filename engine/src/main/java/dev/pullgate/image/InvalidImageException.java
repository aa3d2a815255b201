package dev.pullgate.image;

/** An image string, imageRef or allowlist entry that does not follow its grammar. */
public final class InvalidImageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * An invalid string, described by {@code message}.
   *
   * @param message what is wrong, quoting the string only through {@link ImageName#describe}
   */
  public InvalidImageException(String message) {
    super(message);
  }
}
