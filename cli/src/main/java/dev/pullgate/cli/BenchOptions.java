package dev.pullgate.cli;

import dev.pullgate.bench.harness.StoreAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value types of {@code pullgate bench}'s options: record counts ({@code 1k}, {@code 100k},
 * {@code 1m}), durations ({@code 500ms}, {@code 10s}, {@code 2m}) and adapter names, and the two
 * presets of the command: the quick default run and the documented {@code --full} run.
 */
final class BenchOptions {
  private static final Pattern COUNT = Pattern.compile("([0-9]{1,9})([km]?)");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");

  /** What a run sets when neither {@code --full} nor the option itself says otherwise. */
  record Preset(
      List<Integer> sizes,
      List<Integer> threads,
      Duration warmup,
      Duration measure,
      List<Integer> coldSizes,
      int coldRuns) {}

  /** The default run: about a minute on two cores. */
  static final Preset QUICK =
      new Preset(
          List.of(1_000, 10_000),
          List.of(1, 2),
          Duration.ofSeconds(1),
          Duration.ofMillis(1_500),
          List.of(1_000, 10_000),
          3);

  /** The documented run, {@code --full}: about 20 minutes on two cores (1,100 s measured). */
  static final Preset FULL =
      new Preset(
          List.of(1_000, 10_000, 100_000),
          List.of(1, 2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(20),
          List.of(1_000, 10_000, 100_000, 1_000_000),
          5);

  private BenchOptions() {}

  /**
   * The record counts of a list option, such as {@code 1k,10k,100k}, or none for {@code none} when
   * {@code noneAllowed}.
   *
   * @throws CommandFailure naming {@code option} when a value is no record count
   */
  static List<Integer> recordCounts(String option, List<String> values, boolean noneAllowed) {
    if (noneAllowed && values.equals(List.of("none"))) {
      return List.of();
    }
    List<Integer> counts = new ArrayList<>(values.size());
    for (String value : values) {
      Matcher m = COUNT.matcher(value.toLowerCase(Locale.ROOT));
      long count = -1;
      if (m.matches()) {
        long unit = m.group(2).isEmpty() ? 1 : m.group(2).equals("k") ? 1_000 : 1_000_000;
        count = Long.parseLong(m.group(1)) * unit;
      }
      if (count < 0 || count > Integer.MAX_VALUE) {
        throw new CommandFailure(
            ExitCodes.INVALID,
            option
                + " takes record counts such as 1k,10k,100k (k for thousands, m for millions)"
                + (noneAllowed ? ", or none" : "")
                + "; "
                + TerminalText.escape(value.length() > 40 ? value.substring(0, 40) + "…" : value)
                + " is not one");
      }
      counts.add((int) count);
    }
    return counts;
  }

  /** Accepts a whole number of milliseconds, seconds or minutes: {@code 500ms}, {@code 10s}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value);
      if (!m.matches()) {
        throw new TypeConversionException("expected a duration such as 500ms, 10s or 2m");
      }
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        default -> Duration.ofMinutes(amount);
      };
    }
  }

  /** Accepts an adapter's name. */
  static final class AdapterConverter implements ITypeConverter<StoreAdapter> {
    @Override
    public StoreAdapter convert(String value) {
      try {
        return StoreAdapter.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "expected one of " + String.join(", ", StoreAdapter.ids()));
      }
    }
  }
}
