package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value an option cannot take is a usage error (exit 2) whose first line says what the option
 * accepts, in the operator's words: no Java type or exception names.
 */
class OptionErrorsTest {

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(
            List.of("simulate", "--seed", "abc"),
            "Invalid value for option '--seed': expected a whole number from"
                + " -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807"),
        Arguments.of(
            List.of("simulate", "--pods", "1.5"),
            "Invalid value for option '--pods': expected a whole number from -2,147,483,648 to"
                + " 2,147,483,647"),
        Arguments.of(
            List.of("simulate", "--hours", "99999999999"),
            "Invalid value for option '--hours': expected a whole number from -2,147,483,648 to"
                + " 2,147,483,647"),
        Arguments.of(
            List.of("simulate", "--policy", "Sometimes"),
            "Invalid value for option '--policy': expected one of NeverVerify,"
                + " NeverVerifyPreloadedImages, NeverVerifyAllowlistedImages, AlwaysVerify"),
        Arguments.of(
            List.of("simulate", "--sync", "fast"),
            "Invalid value for option '--sync': expected durable or nometasync"),
        Arguments.of(
            List.of("simulate", "--preloaded-mode", "guessed"),
            "Invalid value for option '--preloaded-mode': expected inferred or observed"),
        Arguments.of(
            List.of("simulate", "--credential-max-age", "-2h"),
            "Invalid value for option '--credential-max-age': expected a duration of at least 0"
                + " such as 2h, 90m, 30d or PT2H"),
        Arguments.of(
            List.of("export-kubelet", "k", "--store", "s", "--api-version", "v3"),
            "Invalid value for option '--api-version': expected v1alpha1 or v1beta1"),
        Arguments.of(
            List.of("prune", "--store", "s", "--keep-file", "k", "--until", "yesterday"),
            "Invalid value for option '--until': expected an RFC 3339 date-time with seconds and"
                + " an offset, such as 2026-01-01T00:00:00Z or 2026-01-01T02:00:00+02:00"),
        Arguments.of(
            List.of("stat", "--store", "bad\u0000path"),
            "Invalid value for option '--store': expected a file system path, without NUL"
                + " characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void badOptionValue_exits2SayingWhatIsAccepted(List<String> args, String firstLine) {
    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err().lines().findFirst()).contains(firstLine);
    assertThat(run.err())
        .doesNotContain("java.")
        .doesNotContain("Exception")
        .doesNotContain("VerificationPolicy")
        .doesNotContain(" to Path")
        .doesNotContain("is not an int")
        .doesNotContain("is not a long");
    assertThat(run.out()).isEmpty();
  }
}
