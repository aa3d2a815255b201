package dev.pullgate.image;

import java.nio.ByteBuffer;
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
 * beyond the parts it keeps. On the decision path, a {@link Cursor} parses with the same scanner
 * and allocates nothing at all.
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
   * @param image the image as the pod spec writes it
   * @return the parsed, normalised image
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

  /**
   * Like {@link #parse}, but returns empty instead of throwing for an invalid or null image.
   *
   * @param image the image as the pod spec writes it, or null
   * @return the parsed image, or empty
   */
  public static Optional<ImageName> tryParse(String image) {
    ReferenceScanner scanner = new ReferenceScanner();
    return scanner.scan(image) ? Optional.of(of(scanner)) : Optional.empty();
  }

  /**
   * The registry host, with its port when one was given ({@code docker.io}, {@code repo:5000}).
   * Empty in the rare case that upstream also leaves empty: a first component that looks like a
   * host but is only a valid path component ({@code foo_bar.com/x}).
   *
   * @return the registry host, or empty
   */
  public String domain() {
    return domain;
  }

  /** {@return the repository path below the domain ({@code library/nginx})} */
  public String path() {
    return path;
  }

  /** {@return the normalised name without tag or digest ({@code docker.io/library/nginx})} */
  public String name() {
    return name;
  }

  /** {@return the tag, when the image has one} */
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** {@return the digest ({@code sha256:…}), when the image has one} */
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
   *
   * @return the normalised reference
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
   *
   * @param s the untrusted string
   * @return the index, or -1 when every character is graphic ASCII
   */
  public static int firstNonGraphic(String s) {
    return UntrustedText.firstNonGraphic(s);
  }

  /**
   * Whether {@code s} may hold URL userinfo ({@code user:password@}), by the rule that {@link
   * #describe} follows: it holds an {@code @} that is not its only one, or not followed by a
   * well-formed digest, or it has a {@code :} before the {@code @} that is not a port's. Such a
   * string is never quoted in a message, and is no imageRef or allowlist entry.
   *
   * @param s the untrusted string, not null
   * @return whether it may hold userinfo
   */
  public static boolean mayHoldUserinfo(String s) {
    return !UntrustedText.cannotHoldUserinfo(s);
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
   *
   * @param untrusted the string, or null
   * @return the text to put in a message
   */
  public static String describe(String untrusted) {
    return UntrustedText.describe(untrusted);
  }

  /**
   * A reusable parser of image strings for the decision path, which reads as the normalised name of
   * the image it last parsed and allocates nothing to do so.
   *
   * <p>{@link #parse} checks an image exactly as {@link ImageName#parse} does, with the same
   * scanner, but builds no strings: it records where the parts lie in the input. As a {@link
   * CharSequence} the cursor then reads as the normalised name, mapping each index onto the prefix
   * that normalisation adds ({@code docker.io/}, {@code docker.io/library/}) or onto the input;
   * after {@code parse("nginx:1.25")} it reads {@code docker.io/library/nginx}. {@link #parse},
   * {@link #length}, {@link #charAt}, the {@code name*} comparisons, {@link #hasTag} and {@link
   * #hasDigest} allocate nothing, for any input; {@link #toString}, {@link #subSequence}, {@link
   * #normalisedReference} and {@link #toImageName} allocate.
   *
   * <p>Mutable and not thread-safe: keep one per thread, as in {@code
   * ThreadLocal.withInitial(ImageName.Cursor::new)}. Until a parse succeeds, and after one fails,
   * the cursor holds no image: it reads as an empty name without tag or digest, and {@link
   * #normalisedReference} and {@link #toImageName} throw {@link IllegalStateException}.
   */
  public static final class Cursor implements CharSequence {
    private final ReferenceScanner scanner = new ReferenceScanner();

    /** A cursor that holds no image yet. */
    public Cursor() {}

    /**
     * Parses {@code image}, replacing what the cursor held; returns whether it is a valid image
     * reference. Never throws and never allocates; {@code null} is invalid.
     *
     * @param image the image as the pod spec writes it, or null
     * @return whether it is valid
     */
    public boolean parse(String image) {
      return scanner.scan(image);
    }

    /**
     * {@return the string last given to {@link #parse}, valid or not; null before the first parse}
     */
    public String image() {
      return scanner.image();
    }

    /** {@return whether the image has a tag} */
    public boolean hasTag() {
      return scanner.tagFrom() >= 0;
    }

    /** {@return whether the image has a digest} */
    public boolean hasDigest() {
      return scanner.digestFrom() >= 0;
    }

    /** The length of the normalised name. */
    @Override
    public int length() {
      return scanner.prefix().length() + scanner.nameTo() - scanner.nameFrom();
    }

    /** The character at {@code index} of the normalised name. */
    @Override
    public char charAt(int index) {
      Objects.checkIndex(index, length());
      String prefix = scanner.prefix();
      return index < prefix.length()
          ? prefix.charAt(index)
          : scanner.image().charAt(scanner.nameFrom() + index - prefix.length());
    }

    /** A copy of part of the normalised name. */
    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().substring(start, end);
    }

    /** A copy of the normalised name, as {@link ImageName#name()} gives it. */
    @Override
    public String toString() {
      return scanner.valid()
          ? scanner.prefix() + scanner.image().substring(scanner.nameFrom(), scanner.nameTo())
          : "";
    }

    /**
     * Compares the normalised name with the {@code length} ASCII bytes at absolute {@code offset}
     * of {@code bytes}, as {@link String#compareTo} compares strings: by the first differing
     * character as an unsigned byte, else by length. Leaves the buffer's position alone.
     *
     * @param bytes the buffer
     * @param offset where the bytes begin
     * @param length how many bytes
     * @return negative, zero or positive as the name sorts before, equal to or after the bytes
     * @throws IndexOutOfBoundsException when the range is not within the buffer's limit
     */
    public int compareNameTo(ByteBuffer bytes, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, bytes.limit());
      String prefix = scanner.prefix();
      int common = Math.min(length(), length);
      int inPrefix = Math.min(prefix.length(), common);
      for (int i = 0; i < inPrefix; i++) {
        int d = prefix.charAt(i) - (bytes.get(offset + i) & 0xff);
        if (d != 0) {
          return d;
        }
      }
      String image = scanner.image();
      int shift = scanner.nameFrom() - prefix.length();
      for (int i = inPrefix; i < common; i++) {
        int d = image.charAt(shift + i) - (bytes.get(offset + i) & 0xff);
        if (d != 0) {
          return d;
        }
      }
      return length() - length;
    }

    /**
     * Whether the normalised name equals the {@code length} ASCII bytes at absolute {@code offset}
     * of {@code bytes}.
     *
     * @param bytes the buffer
     * @param offset where the bytes begin
     * @param length how many bytes
     * @return whether they are equal
     * @throws IndexOutOfBoundsException when the range is not within the buffer's limit
     */
    public boolean nameEquals(ByteBuffer bytes, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, bytes.limit());
      return length == length() && compareNameTo(bytes, offset, length) == 0;
    }

    /**
     * Whether the normalised name starts with {@code prefix}, as allowlist entries match.
     *
     * @param prefix the start to look for
     * @return whether the name starts with it
     */
    public boolean nameStartsWith(String prefix) {
      int n = prefix.length();
      if (n == 0 || n > length()) {
        return n == 0;
      }
      String added = scanner.prefix();
      int inAdded = Math.min(n, added.length());
      return added.regionMatches(0, prefix, 0, inAdded)
          && scanner.image().regionMatches(scanner.nameFrom(), prefix, inAdded, n - inAdded);
    }

    /** {@return the normalised reference, as {@link ImageName#normalisedReference()} gives it} */
    public String normalisedReference() {
      requireImage();
      String image = scanner.image();
      String name = toString();
      if (hasDigest()) {
        return name + "@" + image.substring(scanner.digestFrom());
      }
      return name + ":" + (hasTag() ? image.substring(scanner.tagFrom(), scanner.tagTo()) : LATEST);
    }

    /** {@return the parsed image as an immutable value} */
    public ImageName toImageName() {
      requireImage();
      return of(scanner);
    }

    private void requireImage() {
      if (!scanner.valid()) {
        throw new IllegalStateException(
            "the cursor holds no image: its last parse failed, or it has none");
      }
    }
  }
}
