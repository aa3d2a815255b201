package dev.pullgate.kubelet.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pullgate.image.ImageName;
import java.util.Locale;

/**
 * The rules for showing text that came from the input in a message: a field name only when it looks
 * like an identifier, a map key only when it is plain printable ASCII, and neither when it holds a
 * long run of hex digits (which could be part of a credential hash) or an {@code @} (which could
 * end a {@code user:password} part).
 */
final class JsonNames {
  private static final int NAME_MAX_LENGTH = 64;
  private static final int HEX_RUN_SHOWN = 8;

  private JsonNames() {}

  /** Whether the field name {@code name} may appear in a message: a short identifier. */
  static boolean isShowableName(String name) {
    if (name.isEmpty() || name.length() > NAME_MAX_LENGTH || !isLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLetter(c) && !isDigit(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return !hasLongHexRun(name);
  }

  /**
   * Whether the map key {@code key} may appear in a message: when {@link ImageName#describe} would
   * quote it (short printable ASCII that cannot hold {@code user:password@}), it holds no double
   * quote, which paths put around keys, and no long hex run.
   */
  static boolean isShowableKey(String key) {
    return !key.isEmpty()
        && key.indexOf('"') < 0
        && ImageName.describe(key).equals("'" + key + "'")
        && !hasLongHexRun(key);
  }

  /** What a message calls the type of {@code value}: "a string", "null", "an array"… */
  static String typeOf(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case NULL -> "null";
      default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static boolean hasLongHexRun(String s) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      run = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? run + 1 : 0;
      if (run > HEX_RUN_SHOWN) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
