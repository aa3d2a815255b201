package dev.pullgate.image;

import java.util.Objects;
import java.util.Optional;

/**
 * An image reference parsed with the docker/distribution reference grammar and normalised the way
 * {@code ParseNormalizedNamed} (release 0.6, as vendored by the kubelet) does it: {@code
 * nginx:1.25} has the {@linkplain #name() name} {@code docker.io/library/nginx}, tag {@code 1.25}
 * and no digest.
 *
 * <p>Immutable. Parsing is one hand-written scan of the input ({@link ReferenceScanner}): linear
 * time and constant stack depth for any input, so untrusted lengths are safe; it builds no strings
 * beyond the parts it keeps.
 */
public final class ImageName {
  /** The tag that an image without tag or digest stands for. */
  static final String LATEST = "latest";

  private final String domain;
  private final String path;
  private final String name;
  private final String tag;
  private final String digest;

  private ImageName(String domain, String path, String name, String tag, String digest) {
    this.domain = domain;
    this.path = path;
    this.name = name;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses and normalises {@code image}.
   *
   * @throws InvalidImageException saying what is wrong and where; the message shows the input only
   *     as {@link #describe} allows
   */
  public static ImageName parse(String image) {
    Objects.requireNonNull(image, "image");
    ReferenceScanner scanner = new ReferenceScanner();
    if (!scanner.scan(image)) {
      throw scanner.failure();
    }
    return of(scanner);
  }

  /** Like {@link #parse}, but returns empty instead of throwing for an invalid or null image. */
  public static Optional<ImageName> tryParse(String image) {
    ReferenceScanner scanner = new ReferenceScanner();
    return scanner.scan(image) ? Optional.of(of(scanner)) : Optional.empty();
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

  /**
   * The normalised reference, by which intents are keyed: the name plus {@code @digest} when the
   * image has a digest (a reference with both tag and digest is identified by the digest), else
   * plus {@code :tag}, else plus {@code :latest}. So {@code nginx} and {@code nginx:latest} give
   * {@code docker.io/library/nginx:latest}, and {@code nginx:1.25@sha256:…} gives {@code
   * docker.io/library/nginx@sha256:…}.
   */
  public String normalisedReference() {
    if (digest != null) {
      return name + "@" + digest;
    }
    return name + ":" + (tag != null ? tag : LATEST);
  }

  /**
   * The name with everything the image gave after it: {@code :tag} and {@code @digest} when
   * present; unlike {@link #normalisedReference()}, it keeps a tag beside a digest and adds no tag.
   */
  @Override
  public String toString() {
    return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  /** The image that {@code scanner}, whose last scan succeeded, found. */
  private static ImageName of(ReferenceScanner scanner) {
    String image = scanner.image();
    String name = scanner.prefix() + image.substring(scanner.nameFrom(), scanner.nameTo());
    int domainLength = scanner.domainLength();
    String tag = scanner.tagFrom() < 0 ? null : image.substring(scanner.tagFrom(), scanner.tagTo());
    String digest = scanner.digestFrom() < 0 ? null : image.substring(scanner.digestFrom());
    return new ImageName(
        name.substring(0, domainLength),
        name.substring(domainLength == 0 ? 0 : domainLength + 1),
        name,
        tag,
        digest);
  }

  /**
   * The index of the first character of {@code s} that is not printable, non-space ASCII, or -1:
   * where an image, imageRef or allowlist entry first holds whitespace, a control character or a
   * non-ASCII character.
   */
  public static int firstNonGraphic(String s) {
    return UntrustedText.firstNonGraphic(s);
  }

  /**
   * The text that stands for an untrusted string (an image, imageRef, allowlist entry or
   * configuration value) in an error message: the string in single quotes when it has at most 300
   * characters, all printable ASCII, and cannot hold URL userinfo; otherwise a description in
   * parentheses that leaves the value out (its length, or the index of its first non-printable
   * character). A string holding an {@code @} is quoted only when it holds exactly one, everything
   * after it is a well-formed digest ({@code algorithm:hex}), and every {@code :} before it is a
   * port's, followed by digits and then a {@code /}: so {@code registry.example:5000/app@sha256:…}
   * is quoted, while {@code user:password@host/x} and, conservatively, {@code nginx:1.25@sha256:…}
   * are not. The text never holds a control character; for {@code null} it is {@code null}.
   */
  public static String describe(String untrusted) {
    return UntrustedText.describe(untrusted);
  }
}
