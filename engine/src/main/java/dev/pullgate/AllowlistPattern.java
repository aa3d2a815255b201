package dev.pullgate;

import dev.pullgate.image.ImageName;
import dev.pullgate.image.InvalidImageException;
import java.util.Objects;

/**
 * One entry of the image allowlist: either a fully qualified image name without tag or digest
 * ({@code registry.example/team/app}), matching that name exactly, or a prefix ending in {@code /*}
 * ({@code registry.example/*}, {@code registry.example/team/*}), matching every name that starts
 * with the part before the {@code *}, its {@code /} included.
 *
 * <p>Validation follows the kubelet's {@code preloadedImagesVerificationAllowlist} rules. Like the
 * kubelet, a wildcard entry's host is not required to look like a registry host: an entry such as
 * {@code team/*} is accepted and simply never matches, because normalised names start with a
 * registry. That is safe, since an entry that matches nothing only ever asks for verification.
 * Unlike the kubelet, an entry holding whitespace, control or non-ASCII characters, or what may be
 * URL userinfo ({@code user:password@}), is rejected outright, since no image name can contain
 * them; so a credential pasted into the allowlist is neither kept nor shown.
 */
final class AllowlistPattern {
  private final String entry;
  private final String exactName;
  private final String prefix;

  private AllowlistPattern(String entry, String exactName, String prefix) {
    this.entry = entry;
    this.exactName = exactName;
    this.prefix = prefix;
  }

  /**
   * Parses one allowlist entry.
   *
   * @throws InvalidImageException saying why the entry is rejected
   */
  public static AllowlistPattern parse(String entry) {
    Objects.requireNonNull(entry, "entry");
    if (entry.isEmpty()) {
      throw new InvalidImageException("allowlist entry must not be empty");
    }
    if (!entry.strip().equals(entry)) {
      throw new InvalidImageException(
          "allowlist entry " + ImageName.describe(entry) + " must not have surrounding whitespace");
    }
    int bad = ImageName.firstNonGraphic(entry);
    if (bad >= 0) {
      throw invalid(entry, "it has whitespace, a control or a non-ASCII character at index " + bad);
    }
    if (entry.endsWith("/*")) {
      String prefix = entry.substring(0, entry.length() - 1);
      if (ImageName.mayHoldUserinfo(prefix)) {
        // An exact entry meets the same refusal in the image grammar.
        throw invalid(entry, "no image name holds a user:password@ part");
      }
      if (prefix.equals("/")) {
        throw invalid(entry, "a wildcard entry needs at least a registry host before '/*'");
      }
      if (prefix.indexOf('*') >= 0) {
        throw invalid(entry, "'*' is allowed only as a final '/*'");
      }
      return new AllowlistPattern(entry, null, prefix);
    }
    if (entry.indexOf('*') >= 0) {
      throw invalid(entry, "'*' is allowed only as a final '/*'");
    }
    if (entry.endsWith("/")) {
      throw invalid(entry, "it must not end with '/'");
    }
    ImageName name;
    try {
      name = ImageName.parse(entry);
    } catch (InvalidImageException e) {
      throw invalid(entry, "it is not a valid image name (" + e.getMessage() + ")");
    }
    if (name.tag().isPresent() || name.digest().isPresent()) {
      throw invalid(entry, "it must not have a tag or digest");
    }
    if (!name.name().equals(entry)) {
      throw invalid(entry, "it must be fully qualified, as in " + ImageName.describe(name.name()));
    }
    return new AllowlistPattern(entry, entry, null);
  }

  /** Whether the normalised image name {@code imageName} matches this entry. */
  public boolean matches(String imageName) {
    Objects.requireNonNull(imageName, "imageName");
    return exactName != null ? exactName.equals(imageName) : imageName.startsWith(prefix);
  }

  /**
   * Whether the normalised name that {@code cursor} reads as matches this entry; allocates nothing,
   * for the decision path. A cursor that holds no image matches no entry.
   */
  public boolean matchesNameOf(ImageName.Cursor cursor) {
    Objects.requireNonNull(cursor, "cursor");
    return exactName != null ? exactName.contentEquals(cursor) : cursor.nameStartsWith(prefix);
  }

  /** Whether this is a {@code /*} prefix entry rather than an exact name. */
  public boolean isWildcard() {
    return prefix != null;
  }

  /** The entry as written. */
  @Override
  public String toString() {
    return entry;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AllowlistPattern other && entry.equals(other.entry);
  }

  @Override
  public int hashCode() {
    return entry.hashCode();
  }

  private static InvalidImageException invalid(String entry, String why) {
    return new InvalidImageException(
        "allowlist entry " + ImageName.describe(entry) + " is rejected: " + why);
  }
}
