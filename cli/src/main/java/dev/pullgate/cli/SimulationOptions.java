package dev.pullgate.cli;

import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.bench.simulate.NodeDayScenario;
import dev.pullgate.bench.simulate.NodeDayScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of {@code pullgate simulate} that shape the simulated day; each left out keeps the
 * default of {@link NodeDayScenario#defaults()}.
 */
final class SimulationOptions {
  private static final NodeDayScenario DEFAULTS = NodeDayScenario.defaults();

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "The seed of every random choice; the same seed plays the same day"
              + " (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  @Option(
      names = "--pods",
      paramLabel = "N",
      description = "Pod starts during the day (default: ${DEFAULT-VALUE}).")
  int pods = DEFAULTS.podStarts();

  @Option(
      names = "--hours",
      paramLabel = "N",
      description = "Simulated hours in the day (default: ${DEFAULT-VALUE}).")
  int hours = DEFAULTS.hours();

  @Option(
      names = "--namespaces",
      paramLabel = "N",
      description =
          "Namespaces running pods, each with a pull secret or service account"
              + " (default: ${DEFAULT-VALUE}).")
  int namespaces = DEFAULTS.namespaces();

  @Option(
      names = "--teams",
      paramLabel = "N",
      description =
          "Teams owning the private images, at most the namespaces (default: 10, or the"
              + " namespaces when fewer).")
  Integer teams;

  @Option(
      names = "--images",
      paramLabel = "N",
      description = "Distinct images the pods choose from (default: ${DEFAULT-VALUE}).")
  int images = DEFAULTS.images();

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      converter = PolicyConverter.class,
      description =
          "The verification policy: NeverVerify, NeverVerifyPreloadedImages,"
              + " NeverVerifyAllowlistedImages or AlwaysVerify (default:"
              + " NeverVerifyPreloadedImages).")
  VerificationPolicy policy = DEFAULTS.policy();

  @Option(
      names = "--preloaded-mode",
      paramLabel = "MODE",
      converter = PreloadedModeConverter.class,
      description =
          "Which images count as preloaded (pullgate.preloaded.mode): inferred (default, the"
              + " kubelet's rule: any image without a record or intent) or observed (only the"
              + " images the agent reports on the node at dawn, before any pull).")
  PreloadedMode preloadedMode = DEFAULTS.preloadedMode();

  @Option(
      names = "--credential-max-age",
      paramLabel = "DURATION",
      converter = MaxAgeConverter.class,
      description =
          "How long a registry's acceptance of a credential keeps granting"
              + " (pullgate.credentials.maxAge), such as 2h, 90m or PT2H; 0s (default) for ever.")
  Duration credentialMaxAge = DEFAULTS.credentialMaxAge();

  @Option(
      names = "--restart-at",
      paramLabel = "HOUR",
      split = ",",
      description =
          "Hours of the day at which the agent restarts (default: halfway through the"
              + " day); --restart-at none for no restart.")
  List<String> restartAt;

  /**
   * The scenario these options describe.
   *
   * @throws CommandFailure when the settings are out of range or contradict each other
   */
  NodeDayScenario build() {
    try {
      NodeDayScenarioBuilder builder =
          NodeDayScenario.builder()
              .seed(seed)
              .podStarts(pods)
              .hours(hours)
              .namespaces(namespaces)
              .teams(teams != null ? teams : Math.min(DEFAULTS.teams(), namespaces))
              .images(images)
              .policy(policy)
              .preloadedMode(preloadedMode)
              .credentialMaxAge(credentialMaxAge)
              .restartHours(restartHours());
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.INVALID, "invalid scenario: " + e.getMessage(), e);
    }
  }

  private List<Integer> restartHours() {
    if (restartAt == null) {
      return List.of(hours / 2);
    }
    if (restartAt.equals(List.of("none"))) {
      return List.of();
    }
    try {
      return restartAt.stream().map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--restart-at takes hours (0, 12, ...) or none, was " + restartAt);
    }
  }

  /** The value of the engine property {@code key} read as an agent reads it. */
  private static PullGateConfig engineReading(String key, String value) {
    Properties properties = new Properties();
    properties.setProperty(key, value);
    return PullGateConfig.fromProperties(properties);
  }

  /** Reads a preloaded mode as the engine reads {@value PullGateConfig#PRELOADED_MODE}. */
  static final class PreloadedModeConverter implements ITypeConverter<PreloadedMode> {
    @Override
    public PreloadedMode convert(String value) {
      try {
        return engineReading(PullGateConfig.PRELOADED_MODE, value).preloadedMode();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected inferred or observed");
      }
    }
  }

  /** Reads a duration as the engine reads {@value PullGateConfig#CREDENTIAL_MAX_AGE}. */
  static final class MaxAgeConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return engineReading(PullGateConfig.CREDENTIAL_MAX_AGE, value).credentialMaxAge();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "expected a duration of at least 0 such as 2h, 90m, 30d or PT2H");
      }
    }
  }

  /** Accepts the kubelet's policy names and the enum's constant names. */
  static final class PolicyConverter implements ITypeConverter<VerificationPolicy> {
    @Override
    public VerificationPolicy convert(String value) {
      try {
        return VerificationPolicy.fromName(value);
      } catch (IllegalArgumentException e) {
        List<String> names = new ArrayList<>();
        for (VerificationPolicy policy : VerificationPolicy.values()) {
          names.add(policy.kubeletName());
        }
        throw new TypeConversionException("expected one of " + String.join(", ", names));
      }
    }
  }
}
