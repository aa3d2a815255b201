package dev.pullgate.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The converters of the value types that every command shares (whole numbers, paths), whose
 * messages say what the option accepts rather than naming a Java type, as picocli's own do ("'x' is
 * not an int", "cannot convert 'x' to Path (java.nio.file.InvalidPathException: …)").
 */
final class OptionConverters {
  private OptionConverters() {}

  /** Registers the converters on {@code commandLine} and every subcommand it has. */
  static void register(CommandLine commandLine) {
    ITypeConverter<Integer> integer = value -> (int) wholeNumber(value, Integer.MAX_VALUE);
    ITypeConverter<Long> longNumber = value -> wholeNumber(value, Long.MAX_VALUE);
    commandLine.registerConverter(int.class, integer);
    commandLine.registerConverter(Integer.class, integer);
    commandLine.registerConverter(long.class, longNumber);
    commandLine.registerConverter(Long.class, longNumber);
    commandLine.registerConverter(Path.class, OptionConverters::path);
    commandLine.registerConverter(Duration.class, OptionConverters::duration);
  }

  /** A positive duration: a whole number and a unit, {@code s}, {@code m} or {@code h}. */
  static Duration duration(String value) {
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      if (n > 0 && n <= 1_000_000) {
        return switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
    }
    throw new TypeConversionException(
        "expected a duration: a whole number from 1 to 1,000,000 and s, m or h, as 90s or 30m");
  }

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})([smh])");

  private static long wholeNumber(String value, long max) {
    try {
      long number = Long.parseLong(value);
      if (number >= -max - 1 && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Not a number: the message below says what is.
    }
    throw new TypeConversionException(
        String.format(
            java.util.Locale.ROOT, "expected a whole number from %,d to %,d", -max - 1, max));
  }

  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new TypeConversionException("expected a file system path, without NUL characters");
    }
  }
}
