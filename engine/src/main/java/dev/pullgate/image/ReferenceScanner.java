package dev.pullgate.image;

/**
 * A hand-written scanner of image strings by the docker/distribution reference grammar (release
 * 0.6, {@code ParseNormalizedNamed}) that records where each part of the normalised reference lies
 * instead of building it.
 *
 * <p>After a successful {@link #scan}, the normalised name is {@link #prefix()} (what normalisation
 * adds: {@code docker.io/}, {@code docker.io/library/} or nothing) followed by {@code
 * image[nameFrom, nameTo)}; its first {@link #domainLength()} characters are the domain, and the
 * path follows the next {@code /} (or starts the name when the domain is empty). The tag is {@code
 * image[tagFrom, tagTo)} and the digest runs from {@code digestFrom} to the end, each only when its
 * start is not negative. After a failed scan, {@link #problem()} says why and {@link #failure()}
 * renders it.
 *
 * <p>Implementation notes. The checks run in the order of the regular-expression parser this
 * replaced (characters, bare identifier, registry host, uppercase, grammar, path length, digest),
 * so an input with several faults is rejected for the same one; a differential test holds the two
 * together. Every check is a forward loop ({@link ReferenceSyntax} holds those of the grammar's
 * productions) that never backtracks and never recurses, so time is linear in the input and stack
 * depth constant, whatever an untrusted input holds. A scan allocates nothing, valid input or not:
 * a rejection is a constant, an index and a constant detail until {@link #failure()} renders it.
 * Mutable and not thread-safe.
 */
final class ReferenceScanner {
  /** Why a scan rejected its input; the constants follow the order in which the checks run. */
  enum Problem {
    NULL,
    EMPTY,
    CHARACTER,
    IDENTIFIER,
    HOST,
    UPPERCASE,
    GRAMMAR,
    LENGTH,
    ALGORITHM,
    DIGEST
  }

  static final String DEFAULT_DOMAIN = "docker.io";
  static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  static final String LOCALHOST = "localhost";

  /** The longest repository path; upstream 0.6 checks the path, not the whole name. */
  static final int PATH_LENGTH_MAX = 255;

  static final int TAG_LENGTH_MAX = 128;
  private static final int IDENTIFIER_LENGTH = 64;
  private static final String HUB_PREFIX = DEFAULT_DOMAIN + "/";
  private static final String OFFICIAL_PREFIX = HUB_PREFIX + "library/";

  private static final String COMPONENT =
      "the repository path must be lowercase letters and digits joined by '.', '_', '__', '-' or '/'";
  private static final String TAG =
      "a tag is 1 to 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'";
  private static final String AFTER_TAG = "only '@' and a digest may follow the tag";
  private static final String DIGEST =
      "a digest is algorithm:hex, with at least 32 hex digits and an algorithm such as sha256";

  private String image;
  private boolean valid;
  private String prefix = "";
  private int nameFrom;
  private int nameTo;
  private int domainLength;
  private int tagFrom = -1;
  private int tagTo = -1;
  private int digestFrom = -1;
  private Problem problem = Problem.NULL;

  /** The index where the input stops following the grammar; for {@code LENGTH}, the length. */
  private int problemValue;

  private String detail = "";

  /** Scans {@code s}; returns whether it is a valid image reference. Never throws. */
  boolean scan(String s) {
    image = s;
    valid = false;
    prefix = "";
    nameFrom = 0;
    nameTo = 0;
    domainLength = 0;
    tagFrom = -1;
    tagTo = -1;
    digestFrom = -1;
    if (s == null) {
      return fail(Problem.NULL, 0, "");
    }
    int n = s.length();
    if (n == 0) {
      return fail(Problem.EMPTY, 0, "");
    }
    int slash = -1;
    boolean nested = false;
    boolean lowerHex = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return fail(Problem.CHARACTER, i, "");
      }
      if (c == '/' && slash >= 0) {
        nested = true;
      } else if (c == '/') {
        slash = i;
      }
      lowerHex &= ReferenceSyntax.isLowerHex(c);
    }
    if (n == IDENTIFIER_LENGTH && lowerHex) {
      return fail(Problem.IDENTIFIER, 0, "");
    }
    int hub = DEFAULT_DOMAIN.length();
    if (slash < 0) {
      return remainder(OFFICIAL_PREFIX, 0, 0, hub);
    }
    if (!looksLikeDomain(s, slash)) {
      return remainder(HUB_PREFIX, 0, 0, hub);
    }
    if (slash == LEGACY_DEFAULT_DOMAIN.length() && s.startsWith(LEGACY_DEFAULT_DOMAIN)) {
      return remainder(nested ? HUB_PREFIX : OFFICIAL_PREFIX, slash + 1, slash + 1, hub);
    }
    if (ReferenceSyntax.domainFault(s, 0, slash) < 0) {
      if (!nested && slash == hub && s.startsWith(DEFAULT_DOMAIN)) {
        return remainder(OFFICIAL_PREFIX, slash + 1, slash + 1, hub);
      }
      return remainder("", 0, slash + 1, slash);
    }
    if (ReferenceSyntax.pathComponentFault(s, 0, slash) < 0) {
      // Upstream's name grammar reads e.g. "foo_bar.com/x" as a domain-less path.
      return remainder("", 0, slash + 1, 0);
    }
    return fail(Problem.HOST, slash, "");
  }

  /**
   * Scans the repository path, tag and digest from {@code remoteStart} on.
   *
   * @param namePrefix what normalisation puts before {@code image[from, ...)} in the name
   * @param from where the name's part taken from the input starts
   * @param domain the length of the domain at the start of the name; 0 when it has none
   */
  private boolean remainder(String namePrefix, int from, int remoteStart, int domain) {
    String s = image;
    int n = s.length();
    int remoteEnd = remoteStart;
    for (; remoteEnd < n; remoteEnd++) {
      char c = s.charAt(remoteEnd);
      if (c == ':' || c == '@') {
        break;
      }
      if (c >= 'A' && c <= 'Z') {
        return fail(Problem.UPPERCASE, remoteEnd, "");
      }
    }
    int fault = ReferenceSyntax.remoteNameFault(s, remoteStart, remoteEnd);
    if (fault >= 0) {
      return fail(Problem.GRAMMAR, fault, COMPONENT);
    }
    int end = remoteEnd;
    int tagStart = -1;
    if (end < n && s.charAt(end) == ':') {
      tagStart = ++end;
      while (end < n && ReferenceSyntax.isTagChar(s.charAt(end))) {
        end++;
      }
      if (end == tagStart || !ReferenceSyntax.isWordChar(s.charAt(tagStart))) {
        return fail(Problem.GRAMMAR, tagStart, TAG);
      }
      if (end - tagStart > TAG_LENGTH_MAX) {
        return fail(Problem.GRAMMAR, tagStart + TAG_LENGTH_MAX, TAG);
      }
    }
    int tagEnd = end;
    int digestStart = -1;
    if (end < n) {
      if (s.charAt(end) != '@') {
        return fail(Problem.GRAMMAR, end, AFTER_TAG);
      }
      digestStart = end + 1;
      fault = ReferenceSyntax.digestFault(s, digestStart, n);
      if (fault >= 0) {
        return fail(Problem.GRAMMAR, fault, DIGEST);
      }
    }
    int pathLength = namePrefix.length() + remoteEnd - from - (domain == 0 ? 0 : domain + 1);
    if (pathLength > PATH_LENGTH_MAX) {
      return fail(Problem.LENGTH, pathLength, "");
    }
    if (digestStart >= 0) {
      int colon = s.indexOf(':', digestStart);
      int expected = Digests.hexLength(s, digestStart, colon);
      if (expected < 0) {
        return fail(Problem.ALGORITHM, digestStart, "");
      }
      if (n - colon - 1 != expected || !Digests.isLowerHex(s, colon + 1, n)) {
        return fail(Problem.DIGEST, digestStart, "");
      }
    }
    valid = true;
    prefix = namePrefix;
    nameFrom = from;
    nameTo = remoteEnd;
    domainLength = domain;
    tagFrom = tagStart;
    tagTo = tagStart < 0 ? -1 : tagEnd;
    digestFrom = digestStart;
    return true;
  }

  private boolean fail(Problem why, int index, String what) {
    problem = why;
    problemValue = index;
    detail = what;
    return false;
  }

  /**
   * Whether the first component, {@code image[0, slash)}, names a registry: it contains {@code .}
   * or {@code :}, is {@code localhost}, or has an uppercase letter (Docker Hub namespaces are
   * lowercase, so upstream reads {@code Foo/bar} as host {@code Foo}).
   */
  private static boolean looksLikeDomain(String s, int slash) {
    if (slash == LOCALHOST.length() && s.startsWith(LOCALHOST)) {
      return true;
    }
    for (int i = 0; i < slash; i++) {
      char c = s.charAt(i);
      if (c == '.' || c == ':' || (c >= 'A' && c <= 'Z')) {
        return true;
      }
    }
    return false;
  }

  /** The rejection of the last scan, which must have failed, with a message that says why. */
  InvalidImageException failure() {
    if (valid) {
      throw new IllegalStateException("the last scan succeeded");
    }
    String what = "image " + UntrustedText.describe(image);
    return new InvalidImageException(
        switch (problem) {
          case NULL -> "image must not be null";
          case EMPTY -> "image must not be empty";
          case CHARACTER ->
              what
                  + " has whitespace, a control character or a non-ASCII character at index "
                  + problemValue;
          case IDENTIFIER -> what + " is a bare 64-hex identifier, not a repository name";
          case HOST ->
              what
                  + " does not start with a valid registry host: the first component, before the"
                  + " '/' at index "
                  + problemValue
                  + ", has '.', ':' or an uppercase letter, so it must be a host with an optional"
                  + " ':port'";
          case UPPERCASE ->
              what
                  + " has uppercase letters in its repository path, the first at index "
                  + problemValue;
          case GRAMMAR ->
              what
                  + " does not follow the image reference grammar: "
                  + detail
                  + (problemValue < image.length()
                      ? " (at index " + problemValue + ")"
                      : " (at the end)");
          case LENGTH ->
              "image repository path must be at most "
                  + PATH_LENGTH_MAX
                  + " characters, was "
                  + problemValue;
          case ALGORITHM ->
              what + " has an unsupported digest algorithm; supported are sha256, sha384, sha512";
          case DIGEST -> digestFailure(what);
        });
  }

  private String digestFailure(String what) {
    int colon = image.indexOf(':', problemValue);
    return what
        + " has an invalid "
        + image.substring(problemValue, colon)
        + " digest: expected "
        + Digests.hexLength(image, problemValue, colon)
        + " lowercase hex digits, found "
        + (image.length() - colon - 1)
        + " characters";
  }

  String image() {
    return image;
  }

  boolean valid() {
    return valid;
  }

  String prefix() {
    return prefix;
  }

  int nameFrom() {
    return nameFrom;
  }

  int nameTo() {
    return nameTo;
  }

  int domainLength() {
    return domainLength;
  }

  int tagFrom() {
    return tagFrom;
  }

  int tagTo() {
    return tagTo;
  }

  int digestFrom() {
    return digestFrom;
  }

  Problem problem() {
    return problem;
  }
}
