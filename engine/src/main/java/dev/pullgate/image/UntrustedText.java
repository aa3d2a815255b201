package dev.pullgate.image;

/**
 * The rendering of untrusted strings for error messages that {@link ImageName#describe} documents:
 * quoted when short, printable and unable to hold URL userinfo such as {@code user:password@}, else
 * described without the value.
 *
 * <p>The userinfo rule, in one sentence: a string holding an {@code @} is quoted only when it holds
 * exactly one, everything after it is a well-formed digest ({@code algorithm:hex}), and every
 * {@code :} before it is a port's, followed by digits and then a {@code /}. Userinfo with a
 * password needs a {@code :} before the {@code @} that is not a port's; userinfo without one would
 * need a host and port shaped like {@code algorithm:hex}, and no port has 32 digits.
 */
final class UntrustedText {
  /** The longest value that is quoted; longer ones are described by their length. */
  static final int QUOTED_LENGTH_MAX = 300;

  private UntrustedText() {}

  /** {@code s} in single quotes when it is safe to show, else a description without it. */
  static String describe(String s) {
    if (s == null) {
      return "null";
    }
    if (s.length() > QUOTED_LENGTH_MAX) {
      return "(of " + s.length() + " characters)";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return "(with a non-printable or non-ASCII character at index " + i + ")";
      }
    }
    if (!cannotHoldUserinfo(s)) {
      return "(of " + s.length() + " characters, not shown because it may hold credentials)";
    }
    return "'" + s + "'";
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

  /** Whether {@code s} passes the userinfo rule of the class comment. */
  static boolean cannotHoldUserinfo(String s) {
    int at = s.indexOf('@');
    if (at < 0) {
      return true;
    }
    if (s.indexOf('@', at + 1) >= 0 || ReferenceSyntax.digestFault(s, at + 1, s.length()) >= 0) {
      return false;
    }
    for (int i = s.indexOf(':'); i >= 0 && i < at; i = s.indexOf(':', i + 1)) {
      int end = i + 1;
      while (end < at && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
        end++;
      }
      if (end == i + 1 || end == at || s.charAt(end) != '/') {
        return false;
      }
    }
    return true;
  }
}
