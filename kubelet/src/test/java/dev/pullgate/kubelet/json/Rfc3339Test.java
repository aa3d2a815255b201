package dev.pullgate.kubelet.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3339 as Go's time.Parse(time.RFC3339, …) reads it, for every reader of times. */
class Rfc3339Test {

  @ParameterizedTest
  @CsvSource({
    "2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z",
    "2026-01-01T02:00:00+02:00, 2026-01-01T00:00:00Z",
    "2025-12-31T23:00:00-01:00, 2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00.5Z, 2026-01-01T00:00:00.5Z",
    "2026-01-01T00:00:00.1234567891Z, 2026-01-01T00:00:00.123456789Z",
    "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z"
  })
  void parse_goForms_areTheirInstant(String text, String instant) {
    assertThat(Rfc3339.parse(text)).contains(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-01T00:00Z",
        "2026-01-01t00:00:00z",
        "2026-01-01T00:00:00",
        "2026-01-01T00:00:00+02",
        "2026-01-01T00:00:00+02:00:30",
        "2026-01-01T00:00:00.Z",
        "+12026-01-01T00:00:00Z",
        "2026-01-01 00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-01-01",
        ""
      })
  void parse_formsGoRefuses_areEmpty(String text) {
    assertThat(Rfc3339.parse(text)).isEmpty();
  }

  @Test
  void format_writesUtcWithTheFractionItNeeds() {
    assertThat(Rfc3339.format(Instant.parse("2026-01-01T00:00:00Z")))
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(Rfc3339.format(Instant.parse("2026-01-01T00:00:00.25Z")))
        .isEqualTo("2026-01-01T00:00:00.250Z");
  }

  @Test
  void format_outsideYears0To9999_isRefused() {
    assertThatThrownBy(() -> Rfc3339.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rfc3339.format(Instant.parse("-0001-12-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
