package dev.pullgate.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * An image reference parsed with the docker/distribution reference grammar and normalised the way
 * {@code ParseNormalizedNamed} does it: {@code nginx:1.25} has the {@linkplain #name() name} {@code
 * docker.io/library/nginx}, tag {@code 1.25} and no digest.
 *
 * <p>Immutable. Parsing costs a few regular-expression matches; callers on a hot path cache the
 * result per distinct image string.
 */
public final class ImageName {
  static final String DEFAULT_DOMAIN = "docker.io";
  static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  static final String OFFICIAL_REPO_PREFIX = "library/";
  static final int NAME_TOTAL_LENGTH_MAX = 255;

  private final String domain;
  private final String path;
  private final String name;
  private final String tag;
  private final String digest;

  private ImageName(String domain, String path, String tag, String digest) {
    this.domain = domain;
    this.path = path;
    this.name = domain + "/" + path;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses and normalises {@code image}.
   *
   * @throws InvalidImageException saying what is wrong; the message quotes the input only when it
   *     is printable ASCII of reasonable length
   */
  public static ImageName parse(String image) {
    Objects.requireNonNull(image, "image");
    if (image.isEmpty()) {
      throw new InvalidImageException("image must not be empty");
    }
    if (ReferenceGrammar.IDENTIFIER.matcher(image).matches()) {
      throw new InvalidImageException(
          "image " + quote(image) + " is a bare 64-hex identifier, not a repository name");
    }
    String domain;
    String remainder;
    int slash = image.indexOf('/');
    String first = slash < 0 ? "" : image.substring(0, slash);
    if (slash < 0 || !looksLikeDomain(first)) {
      domain = DEFAULT_DOMAIN;
      remainder = image;
    } else {
      domain = first;
      remainder = image.substring(slash + 1);
    }
    if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
      domain = DEFAULT_DOMAIN;
    }
    if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
      remainder = OFFICIAL_REPO_PREFIX + remainder;
    }
    String remoteName = remoteNameOf(remainder);
    if (!remoteName.equals(remoteName.toLowerCase(java.util.Locale.ROOT))) {
      throw new InvalidImageException(
          "image " + quote(image) + " has uppercase letters in its repository path");
    }
    return parseQualified(image, domain + "/" + remainder, domain);
  }

  /** Like {@link #parse}, but returns empty instead of throwing for an invalid image. */
  public static Optional<ImageName> tryParse(String image) {
    try {
      return Optional.of(parse(image));
    } catch (InvalidImageException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** The registry host, with its port when one was given ({@code docker.io}, {@code repo:5000}). */
  public String domain() {
    return domain;
  }

  /** The repository path below the domain ({@code library/nginx}). */
  public String path() {
    return path;
  }

  /** The normalised name without tag or digest ({@code docker.io/library/nginx}). */
  public String name() {
    return name;
  }

  /** The tag, when the image has one. */
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** The digest ({@code sha256:…}), when the image has one. */
  public Optional<String> digest() {
    return Optional.ofNullable(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageName other
        && name.equals(other.name)
        && Objects.equals(tag, other.tag)
        && Objects.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, tag, digest);
  }

  /** The normalised reference: name, then {@code :tag} and {@code @digest} when present. */
  @Override
  public String toString() {
    return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  private static ImageName parseQualified(String original, String qualified, String domain) {
    Matcher m = ReferenceGrammar.REFERENCE.matcher(qualified);
    if (!m.matches()) {
      throw new InvalidImageException(
          "image " + quote(original) + " does not follow the image reference grammar");
    }
    String fullName = m.group(1);
    if (fullName.length() > NAME_TOTAL_LENGTH_MAX) {
      throw new InvalidImageException(
          "image name must be at most "
              + NAME_TOTAL_LENGTH_MAX
              + " characters, was "
              + fullName.length());
    }
    String digest = m.group(3);
    if (digest != null) {
      Digests.validate(digest, original);
    }
    String path = fullName.substring(domain.length() + 1);
    return new ImageName(domain, path, m.group(2), digest);
  }

  private static boolean looksLikeDomain(String first) {
    return first.indexOf('.') >= 0
        || first.indexOf(':') >= 0
        || first.equals("localhost")
        || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
  }

  private static String remoteNameOf(String remainder) {
    int end = remainder.length();
    int colon = remainder.indexOf(':');
    int at = remainder.indexOf('@');
    if (colon >= 0) {
      end = colon;
    }
    if (at >= 0 && at < end) {
      end = at;
    }
    return remainder.substring(0, end);
  }

  static String quote(String s) {
    if (s.length() > 300) {
      return "(of " + s.length() + " characters)";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return "(with a non-printable or non-ASCII character at index " + i + ")";
      }
    }
    return "'" + s + "'";
  }
}
