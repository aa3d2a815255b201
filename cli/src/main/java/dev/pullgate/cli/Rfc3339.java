package dev.pullgate.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts an option's value, an RFC 3339 date-time with an offset ({@code 2025-06-01T00:00:00Z},
 * {@code 2025-06-01T02:00:00+02:00}), to an {@link Instant}.
 */
final class Rfc3339 implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "expected an RFC 3339 date-time with an offset, such as 2025-06-01T00:00:00Z, was '"
              + value
              + "'");
    }
  }
}
