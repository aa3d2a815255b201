package dev.pullgate.credential;

/**
 * The forms Kubernetes gives the coordinates of secrets and service accounts: a namespace is a
 * DNS-1123 label, a name a DNS-1123 subdomain, and a uid (a UUID in practice) is taken as 1 to
 * {@value #UID_MAX_LENGTH} printable ASCII characters without whitespace. Every check also accepts
 * the empty string, which imported records may hold and which never matches.
 *
 * <p>The checks are written out by hand rather than as regular expressions: they run on every
 * coordinate an agent or an import hands in, and each is one pass over at most a few hundred
 * characters. Messages name the field and the form it must have, never the value, which may hold
 * control characters or text pasted by mistake.
 */
final class KubernetesNames {
  /** The longest DNS-1123 label (a namespace). */
  static final int LABEL_MAX_LENGTH = 63;

  /** The longest DNS-1123 subdomain (a secret's or service account's name). */
  static final int SUBDOMAIN_MAX_LENGTH = 253;

  /** The longest uid accepted. */
  static final int UID_MAX_LENGTH = 128;

  private KubernetesNames() {}

  /** Throws unless {@code value} is empty or a DNS-1123 label. */
  static void requireNamespace(String value, String field) {
    if (!value.isEmpty() && !isLabel(value)) {
      throw new IllegalArgumentException(
          field
              + " must be empty or a DNS-1123 label: at most "
              + LABEL_MAX_LENGTH
              + " lowercase letters, digits and '-', starting and ending with a letter or digit");
    }
  }

  /** Throws unless {@code value} is empty or a DNS-1123 subdomain. */
  static void requireName(String value, String field) {
    if (!value.isEmpty() && !isSubdomain(value)) {
      throw new IllegalArgumentException(
          field
              + " must be empty or a DNS-1123 subdomain: at most "
              + SUBDOMAIN_MAX_LENGTH
              + " lowercase letters, digits, '-' and '.', each part between dots starting and"
              + " ending with a letter or digit");
    }
  }

  /** Throws unless {@code value} is empty or a uid: printable ASCII without whitespace. */
  static void requireUid(String value, String field) {
    if (!value.isEmpty() && !isUid(value)) {
      throw new IllegalArgumentException(
          field
              + " must be empty or 1 to "
              + UID_MAX_LENGTH
              + " printable ASCII characters without whitespace");
    }
  }

  /** Whether {@code s} is a DNS-1123 subdomain: dot-separated parts of the label alphabet. */
  static boolean isSubdomain(String s) {
    if (s.isEmpty() || s.length() > SUBDOMAIN_MAX_LENGTH) {
      return false;
    }
    int start = 0;
    while (true) {
      int dot = s.indexOf('.', start);
      int end = dot < 0 ? s.length() : dot;
      if (!isLabelPart(s, start, end)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  /** Whether {@code s} is a DNS-1123 label. */
  static boolean isLabel(String s) {
    return s.length() <= LABEL_MAX_LENGTH && isLabelPart(s, 0, s.length());
  }

  /** Whether {@code s} is a uid: 1 to {@value #UID_MAX_LENGTH} characters from '!' to '~'. */
  static boolean isUid(String s) {
    if (s.isEmpty() || s.length() > UID_MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s[from, to)} is non-empty, made of lowercase letters, digits and '-', and starts
   * and ends with a letter or digit; the length limit is the caller's.
   */
  private static boolean isLabelPart(String s, int from, int to) {
    if (from >= to || !isAlphanumeric(s.charAt(from)) || !isAlphanumeric(s.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = s.charAt(i);
      if (c != '-' && !isAlphanumeric(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
