package dev.pullgate.cli;

import dev.pullgate.VerificationPolicy;
import dev.pullgate.bench.simulate.NodeDayScenario;
import dev.pullgate.bench.simulate.NodeDayScenarioBuilder;
import java.util.ArrayList;
import java.util.List;
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
