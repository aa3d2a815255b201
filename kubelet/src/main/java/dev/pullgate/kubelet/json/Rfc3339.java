package dev.pullgate.kubelet.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one RFC 3339 date-time parser of Pullgate's tools, reading exactly what Go's {@code
 * time.Parse(time.RFC3339, …)} reads, as the kubelet reads its files: date, {@code T}, time with
 * seconds, an optional fraction of which nine digits are kept, and {@code Z} or {@code ±hh:mm}.
 * Java's ISO parser alone also takes forms Go refuses (no seconds, {@code +02}, a lowercase {@code
 * t}), so the text must have this form first. Traces, the kubelet's files and the CLI's time
 * options all read times through it.
 */
public final class Rfc3339 {
  /** An example for messages that say which form a time must have. */
  public static final String EXAMPLE = "2026-01-01T00:00:00Z";

  private static final Instant FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z");

  private static final Pattern FORM =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,9})\\d*)?(Z|[+-]\\d{2}:\\d{2})");

  private Rfc3339() {}

  /** The instant {@code text} names, or empty when it is not an RFC 3339 date-time Go reads. */
  public static Optional<Instant> parse(String text) {
    Matcher form = FORM.matcher(text);
    if (!form.matches()) {
      return Optional.empty();
    }
    String fraction = form.group(2) == null ? "" : "." + form.group(2);
    try {
      return Optional.of(
          OffsetDateTime.parse(
                  form.group(1) + fraction + form.group(3), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code instant} in RFC 3339 form, in UTC, with as many fraction digits as it needs.
   *
   * @throws IllegalArgumentException when it lies outside years 0 to 9999, which RFC 3339 cannot
   *     write
   */
  public static String format(Instant instant) {
    if (instant.isBefore(FIRST_SECOND) || instant.isAfter(LAST_SECOND.plusNanos(999_999_999))) {
      throw new IllegalArgumentException(
          "a time must lie in years 0 to 9999 to be written as RFC 3339, was " + instant);
    }
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
