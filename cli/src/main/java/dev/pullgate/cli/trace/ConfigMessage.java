package dev.pullgate.cli.trace;

import dev.pullgate.image.ImageName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The engine's message about a configuration it refused, made fit for a trace error: the engine
 * names the bad value as it was given, so every value of the trace's config that {@link
 * ImageName#describe} would not quote ({@code user:password@host}, a long or non-printable string)
 * is replaced by its description wherever the message repeats it.
 */
final class ConfigMessage {
  private ConfigMessage() {}

  /**
   * {@code message} with every unsafe one of {@code values}, or of their comma-separated parts,
   * replaced.
   */
  static String redact(String message, Collection<String> values) {
    List<String> unsafe = new ArrayList<>();
    for (String value : values) {
      addIfUnsafe(value, unsafe);
      for (String part : value.split(",", -1)) {
        addIfUnsafe(part.strip(), unsafe);
      }
    }
    // Longest first, so that a value is replaced before any part of it.
    unsafe.sort(Comparator.comparingInt(String::length).reversed());
    String redacted = message;
    for (String value : unsafe) {
      redacted = redacted.replace("'" + value + "'", ImageName.describe(value));
      redacted = redacted.replace(value, ImageName.describe(value));
    }
    return redacted;
  }

  private static void addIfUnsafe(String value, List<String> unsafe) {
    if (!value.isEmpty() && !ImageName.describe(value).equals("'" + value + "'")) {
      unsafe.add(value);
    }
  }
}
