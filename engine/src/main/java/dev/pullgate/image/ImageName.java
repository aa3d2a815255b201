package dev.pullgate.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * An image reference parsed with the docker/distribution reference grammar and normalised the way
 * {@code ParseNormalizedNamed} (release 0.6, as vendored by the kubelet) does it: {@code
 * nginx:1.25} has the {@linkplain #name() name} {@code docker.io/library/nginx}, tag {@code 1.25}
 * and no digest.
 *
 * <p>Immutable. Parsing costs one or two regular-expression matches and builds no intermediate
 * strings beyond the parts it keeps; callers on a hot path still cache the result per distinct
 * image string.
 */
public final class ImageName {
  static final String DEFAULT_DOMAIN = "docker.io";
  static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  static final String LOCALHOST = "localhost";
  static final String OFFICIAL_REPO_PREFIX = "library/";

  /** The longest repository path; upstream 0.6 checks the path, not the whole name. */
  static final int PATH_LENGTH_MAX = 255;

  private static final int IDENTIFIER_LENGTH = 64;

  private final String domain;
  private final String path;
  private final String name;
  private final String tag;
  private final String digest;

  private ImageName(String domain, String path, String tag, String digest) {
    this.domain = domain;
    this.path = path;
    this.name = domain.isEmpty() ? path : domain + "/" + path;
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
    int bad = firstNonGraphic(image);
    if (bad >= 0) {
      throw new InvalidImageException(
          "image "
              + quote(image)
              + " has whitespace, a control character or a non-ASCII character at index "
              + bad);
    }
    if (image.length() == IDENTIFIER_LENGTH && Digests.isLowerHex(image)) {
      throw new InvalidImageException(
          "image " + quote(image) + " is a bare 64-hex identifier, not a repository name");
    }
    int slash = image.indexOf('/');
    if (slash < 0) {
      return parseRemainder(image, DEFAULT_DOMAIN, null, 0, true);
    }
    if (!looksLikeDomain(image, slash)) {
      return parseRemainder(image, DEFAULT_DOMAIN, null, 0, false);
    }
    if (image.startsWith(LEGACY_DEFAULT_DOMAIN) && slash == LEGACY_DEFAULT_DOMAIN.length()) {
      return parseRemainder(
          image, DEFAULT_DOMAIN, null, slash + 1, image.indexOf('/', slash + 1) < 0);
    }
    String first = image.substring(0, slash);
    boolean official = first.equals(DEFAULT_DOMAIN) && image.indexOf('/', slash + 1) < 0;
    if (ReferenceGrammar.DOMAIN.matcher(first).matches()) {
      return parseRemainder(image, first, null, slash + 1, official);
    }
    if (ReferenceGrammar.PATH_COMPONENT.matcher(first).matches()) {
      // Upstream's name grammar reads e.g. "foo_bar.com/x" as a domain-less path.
      return parseRemainder(image, "", first, slash + 1, false);
    }
    throw new InvalidImageException(
        "image " + quote(image) + " does not start with a valid registry host");
  }

  /** Like {@link #parse}, but returns empty instead of throwing for an invalid or null image. */
  public static Optional<ImageName> tryParse(String image) {
    if (image == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(image));
    } catch (InvalidImageException e) {
      return Optional.empty();
    }
  }

  /**
   * The registry host, with its port when one was given ({@code docker.io}, {@code repo:5000}).
   * Empty in the rare case that upstream also leaves empty: a first component that looks like a
   * host but is only a valid path component ({@code foo_bar.com/x}).
   */
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
        && domain.equals(other.domain)
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

  /**
   * Parses {@code image} from {@code start} on as repository path, tag and digest.
   *
   * @param pathPrefix the first component when it belongs to the path rather than the domain
   * @param official whether the path is a single Docker Hub component that gets {@code library/}
   */
  private static ImageName parseRemainder(
      String image, String domain, String pathPrefix, int start, boolean official) {
    int remoteEnd = start;
    while (remoteEnd < image.length()) {
      char c = image.charAt(remoteEnd);
      if (c == ':' || c == '@') {
        break;
      }
      if (c >= 'A' && c <= 'Z') {
        throw new InvalidImageException(
            "image " + quote(image) + " has uppercase letters in its repository path");
      }
      remoteEnd++;
    }
    Matcher m = ReferenceGrammar.REMAINDER.matcher(image).region(start, image.length());
    if (!m.matches()) {
      throw new InvalidImageException(
          "image " + quote(image) + " does not follow the image reference grammar");
    }
    String remote = m.group(1);
    String path;
    if (pathPrefix != null) {
      path = pathPrefix + "/" + remote;
    } else {
      path = official ? OFFICIAL_REPO_PREFIX + remote : remote;
    }
    if (path.length() > PATH_LENGTH_MAX) {
      throw new InvalidImageException(
          "image repository path must be at most "
              + PATH_LENGTH_MAX
              + " characters, was "
              + path.length());
    }
    String digest = m.group(3);
    if (digest != null) {
      Digests.validate(digest, image);
    }
    return new ImageName(domain, path, m.group(2), digest);
  }

  /**
   * Whether the first component, {@code image[0, slash)}, names a registry: it contains {@code .}
   * or {@code :}, is {@code localhost}, or has an uppercase letter (Docker Hub namespaces are
   * lowercase, so upstream reads {@code Foo/bar} as host {@code Foo}).
   */
  private static boolean looksLikeDomain(String image, int slash) {
    if (slash == LOCALHOST.length() && image.startsWith(LOCALHOST)) {
      return true;
    }
    for (int i = 0; i < slash; i++) {
      char c = image.charAt(i);
      if (c == '.' || c == ':' || (c >= 'A' && c <= 'Z')) {
        return true;
      }
    }
    return false;
  }

  /** The index of the first character that is not printable, non-space ASCII, or -1. */
  static int firstNonGraphic(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} in quotes when it is safe to show in a message, else a description of it. */
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
