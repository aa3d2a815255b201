package dev.pullgate.cli;

import dev.pullgate.kubelet.json.Rfc3339;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts an option's value, an RFC 3339 date-time with an offset ({@code 2025-06-01T00:00:00Z},
 * {@code 2025-06-01T02:00:00+02:00}), to an {@link Instant}, reading it as {@link Rfc3339} reads
 * every time in Pullgate's tools.
 */
final class InstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    return Rfc3339.parse(value)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "expected an RFC 3339 date-time with seconds and an offset, such as "
                        + Rfc3339.EXAMPLE
                        + " or 2026-01-01T02:00:00+02:00"));
  }
}
