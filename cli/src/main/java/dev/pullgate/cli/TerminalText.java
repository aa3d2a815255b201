package dev.pullgate.cli;

/**
 * Strings read from a store, made safe to print on a terminal: every character a terminal could
 * interpret (C0 controls such as ESC, CR, LF, BEL and NUL, DEL, C1 controls) and every other
 * non-ASCII character is written as {@code \\uXXXX}, so that what is printed stays on its line and
 * can neither move the cursor nor retitle the window.
 */
final class TerminalText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TerminalText() {}

  /** {@code s} with every character outside printable ASCII escaped. */
  static String escape(String s) {
    int first = 0;
    while (first < s.length() && isPlain(s.charAt(first))) {
      first++;
    }
    if (first == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isPlain(c)) {
        out.append(c);
      } else {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xF])
            .append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF])
            .append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /** Whether {@code c} prints as itself: printable ASCII. */
  private static boolean isPlain(char c) {
    return c >= ' ' && c <= '~';
  }
}
