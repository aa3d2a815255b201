package dev.pullgate.image;

import dev.pullgate.image.ReferenceScanner.Problem;
import java.util.regex.Matcher;

/**
 * The regular-expression parser that {@link ImageName} used before {@link ReferenceScanner}, kept
 * unchanged in its logic as the oracle of the differential test; only its exceptions became {@link
 * Outcome} values, so that a rejection costs no stack trace.
 *
 * <p>Its expressions backtrack and recurse once per repetition: inputs of a few thousand characters
 * overflow the stack. Feed it only inputs shorter than {@value #INPUT_LENGTH_MAX} characters.
 */
final class ReferenceOracle {
  static final int INPUT_LENGTH_MAX = 999;

  private static final String DEFAULT_DOMAIN = "docker.io";
  private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  private static final String LOCALHOST = "localhost";
  private static final String OFFICIAL_REPO_PREFIX = "library/";
  private static final int PATH_LENGTH_MAX = 255;
  private static final int IDENTIFIER_LENGTH = 64;

  /** What the oracle makes of an input: a rejection, or the parts of the normalised reference. */
  record Outcome(Problem problem, String domain, String path, String tag, String digest) {
    static Outcome invalid(Problem problem) {
      return new Outcome(problem, null, null, null, null);
    }

    boolean valid() {
      return problem == null;
    }

    String name() {
      return domain.isEmpty() ? path : domain + "/" + path;
    }
  }

  private ReferenceOracle() {}

  /** Parses {@code image} as ImageName did with regular expressions. */
  static Outcome parse(String image) {
    if (image.length() > INPUT_LENGTH_MAX) {
      throw new IllegalArgumentException("the oracle would overflow its stack");
    }
    if (image.isEmpty()) {
      return Outcome.invalid(Problem.EMPTY);
    }
    if (firstNonGraphic(image) >= 0) {
      return Outcome.invalid(Problem.CHARACTER);
    }
    if (image.length() == IDENTIFIER_LENGTH && isLowerHex(image)) {
      return Outcome.invalid(Problem.IDENTIFIER);
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
      return parseRemainder(image, "", first, slash + 1, false);
    }
    return Outcome.invalid(Problem.HOST);
  }

  private static Outcome parseRemainder(
      String image, String domain, String pathPrefix, int start, boolean official) {
    int remoteEnd = start;
    while (remoteEnd < image.length()) {
      char c = image.charAt(remoteEnd);
      if (c == ':' || c == '@') {
        break;
      }
      if (c >= 'A' && c <= 'Z') {
        return Outcome.invalid(Problem.UPPERCASE);
      }
      remoteEnd++;
    }
    Matcher m = ReferenceGrammar.REMAINDER.matcher(image).region(start, image.length());
    if (!m.matches()) {
      return Outcome.invalid(Problem.GRAMMAR);
    }
    String remote = m.group(1);
    String path;
    if (pathPrefix != null) {
      path = pathPrefix + "/" + remote;
    } else {
      path = official ? OFFICIAL_REPO_PREFIX + remote : remote;
    }
    if (path.length() > PATH_LENGTH_MAX) {
      return Outcome.invalid(Problem.LENGTH);
    }
    String digest = m.group(3);
    if (digest != null) {
      Problem problem = validateDigest(digest);
      if (problem != null) {
        return Outcome.invalid(problem);
      }
    }
    return new Outcome(null, domain, path, m.group(2), digest);
  }

  private static Problem validateDigest(String digest) {
    int colon = digest.indexOf(':');
    String algorithm = digest.substring(0, colon);
    String hex = digest.substring(colon + 1);
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default -> -1;
        };
    if (expected < 0) {
      return Problem.ALGORITHM;
    }
    return hex.length() != expected || !isLowerHex(hex) ? Problem.DIGEST : null;
  }

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

  private static int firstNonGraphic(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
