package dev.pullgate.image;

/**
 * The productions of the docker/distribution reference grammar (release 0.6) as forward scans over
 * a range of a string: each {@code *Fault} method returns -1 when {@code s[from, to)} is the
 * production, else the index where it stops being one ({@code to} when it ends too early).
 *
 * <p>Where the grammar's regular expressions offer alternatives, the scans decide with one
 * character of lookahead: a separator is {@code __} when a second {@code _} follows and {@code -}
 * takes every {@code -} in a row, since the grammar needs a letter or digit after either; a host
 * that starts with {@code [} is an IPv6 literal up to the first {@code ]}. No scan backtracks or
 * recurses, so each is linear in the range and needs constant stack. None allocates.
 */
final class ReferenceSyntax {
  private static final int DIGEST_HEX_MIN = 32;

  private ReferenceSyntax() {}

  /**
   * -1 when {@code s[from, to)} is a registry host with an optional port ({@code domain-name} or
   * {@code [ipv6]}, then {@code :digits}); else the index where it stops being one.
   */
  static int domainFault(String s, int from, int to) {
    int i = from;
    if (i < to && s.charAt(i) == '[') {
      i++;
      while (i < to && (isHex(s.charAt(i)) || s.charAt(i) == ':')) {
        i++;
      }
      if (i == from + 1 || i == to || s.charAt(i) != ']') {
        return i;
      }
      i++;
    } else {
      while (true) {
        int start = i;
        while (i < to && (isAlphanumeric(s.charAt(i)) || s.charAt(i) == '-')) {
          i++;
        }
        if (i == start || s.charAt(start) == '-') {
          return start;
        }
        if (s.charAt(i - 1) == '-') {
          return i - 1;
        }
        if (i == to || s.charAt(i) != '.') {
          break;
        }
        i++;
      }
    }
    if (i == to) {
      return -1;
    }
    if (s.charAt(i) != ':') {
      return i;
    }
    int digits = ++i;
    while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i == to && i > digits ? -1 : i;
  }

  /** -1 when {@code s[from, to)} is one or more path components joined by {@code /}. */
  static int remoteNameFault(String s, int from, int to) {
    int start = from;
    while (true) {
      int end = start;
      while (end < to && s.charAt(end) != '/') {
        end++;
      }
      int fault = pathComponentFault(s, start, end);
      if (fault >= 0 || end == to) {
        return fault;
      }
      start = end + 1;
    }
  }

  /**
   * -1 when {@code s[from, to)} is a path component: runs of {@code [a-z0-9]} joined by {@code .},
   * {@code _}, {@code __} or one or more {@code -}; else the index where it stops being one.
   */
  static int pathComponentFault(String s, int from, int to) {
    int i = from;
    while (true) {
      int start = i;
      while (i < to && isLowerAlphanumeric(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return i;
      }
      if (i == to) {
        return -1;
      }
      char c = s.charAt(i++);
      if (c == '_' && i < to && s.charAt(i) == '_') {
        i++;
      } else if (c == '-') {
        while (i < to && s.charAt(i) == '-') {
          i++;
        }
      } else if (c != '.' && c != '_') {
        return i - 1;
      }
    }
  }

  /**
   * -1 when {@code s[from, to)} is a digest by the grammar: an algorithm of letter-led alphanumeric
   * parts joined by one of {@code -_+.}, a {@code :} and at least 32 hex digits of either case;
   * else the index where it stops being one. Which algorithms and lengths are supported is {@link
   * Digests}' concern.
   */
  static int digestFault(String s, int from, int to) {
    int i = from;
    while (true) {
      if (i == to || !isLetter(s.charAt(i))) {
        return i;
      }
      i++;
      while (i < to && isAlphanumeric(s.charAt(i))) {
        i++;
      }
      if (i == to || "-_+.".indexOf(s.charAt(i)) < 0) {
        break;
      }
      i++;
    }
    if (i == to || s.charAt(i) != ':') {
      return i;
    }
    int hex = ++i;
    while (i < to && isHex(s.charAt(i))) {
      i++;
    }
    return i == to && i - hex >= DIGEST_HEX_MIN ? -1 : i;
  }

  static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAlphanumeric(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  static boolean isWordChar(char c) {
    return isAlphanumeric(c) || c == '_';
  }

  static boolean isTagChar(char c) {
    return isWordChar(c) || c == '.' || c == '-';
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
