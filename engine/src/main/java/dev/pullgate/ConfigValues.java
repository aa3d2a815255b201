package dev.pullgate;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parsers of the value forms configuration accepts: byte sizes, durations and named choices, each
 * refusing anything else with a message that lists the accepted forms.
 */
final class ConfigValues {
  private static final String[] SIZE_UNITS = {"k", "m", "g", "t"};

  private ConfigValues() {}

  /**
   * A byte count: digits, optionally followed by a unit {@code KiB}, {@code MiB}, {@code GiB},
   * {@code TiB}, or the same as {@code K}/{@code KB}, {@code M}/{@code MB}, … (all powers of 1024),
   * case-insensitive, with optional space before the unit.
   */
  static long bytes(String value) {
    String v = value.toLowerCase(Locale.ROOT).strip();
    long unit = 1;
    for (int i = SIZE_UNITS.length - 1; i >= 0; i--) {
      String u = SIZE_UNITS[i];
      for (String suffix : new String[] {u + "ib", u + "b", u}) {
        if (v.endsWith(suffix) && v.length() > suffix.length()) {
          unit = 1L << (10 * (i + 1));
          v = v.substring(0, v.length() - suffix.length()).strip();
          i = -1;
          break;
        }
      }
    }
    if (v.endsWith("b") && unit == 1) {
      v = v.substring(0, v.length() - 1).strip();
    }
    try {
      return Math.multiplyExact(Long.parseLong(v), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "expected a size such as 16777216, 16MiB, 16MB, 16M or 1GiB (units are powers of 1024)");
    }
  }

  /**
   * A duration: ISO-8601 ({@code PT1H}, {@code P30D}) or a number with one unit {@code ms}, {@code
   * s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 90s}, {@code 15m}, {@code 12h},
   * {@code 30d}).
   */
  static Duration duration(String value) {
    String v = value.strip();
    try {
      if (v.length() > 1 && (v.charAt(0) == 'P' || v.charAt(0) == 'p')) {
        return Duration.parse(v);
      }
      String lower = v.toLowerCase(Locale.ROOT);
      if (lower.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).strip()));
      }
      if (!lower.isEmpty()) {
        long n = Long.parseLong(lower.substring(0, lower.length() - 1).strip());
        switch (lower.charAt(lower.length() - 1)) {
          case 's':
            return Duration.ofSeconds(n);
          case 'm':
            return Duration.ofMinutes(n);
          case 'h':
            return Duration.ofHours(n);
          case 'd':
            return Duration.ofDays(n);
          default:
            break;
        }
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // Falls through to the message that lists the accepted forms.
    }
    throw new IllegalArgumentException(
        "expected a duration such as 30d, 12h, 15m, 90s, 500ms or ISO-8601 (P30D, PT12H)");
  }

  /** The choice among {@code values} whose property value is {@code value}. */
  static <T> T choice(String value, T[] values, Function<T, String> propertyValue) {
    for (T candidate : values) {
      if (propertyValue.apply(candidate).equals(value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(values).map(propertyValue).collect(Collectors.joining(", ")));
  }
}
