package dev.pullgate.bench.simulate;

import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.VerificationPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link NodeDayScenario}. Every setter validates its value at once and names the setting
 * in its message; {@link #build()} checks the settings that depend on each other.
 */
public final class NodeDayScenarioBuilder {
  long seed = 1;
  VerificationPolicy policy = VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES;
  PreloadedMode preloadedMode = PreloadedMode.INFERRED;
  Duration credentialMaxAge = Duration.ZERO;
  int hours = 24;
  int podStarts = 25_000;
  int maxContainersPerPod = 3;
  int namespaces = 40;
  int teams = 10;
  int images = 300;
  double privateShare = 0.7;
  double preloadedShare = 0.05;
  double serviceAccountShare = 0.2;
  double sharedCredentialShare = 0.5;
  double crossTeamShare = 0.03;
  double secretChangesPerHour = 6;
  double secretRecreateShare = 0.2;
  int gcIntervalMinutes = 60;
  double gcRemoveShare = 0.2;
  List<Integer> restartHours = List.of(12);
  double pullFailureRate = 0.02;

  NodeDayScenarioBuilder() {}

  NodeDayScenarioBuilder(NodeDayScenario s) {
    seed = s.seed();
    policy = s.policy();
    preloadedMode = s.preloadedMode();
    credentialMaxAge = s.credentialMaxAge();
    hours = s.hours();
    podStarts = s.podStarts();
    maxContainersPerPod = s.maxContainersPerPod();
    namespaces = s.namespaces();
    teams = s.teams();
    images = s.images();
    privateShare = s.privateShare();
    preloadedShare = s.preloadedShare();
    serviceAccountShare = s.serviceAccountShare();
    sharedCredentialShare = s.sharedCredentialShare();
    crossTeamShare = s.crossTeamShare();
    secretChangesPerHour = s.secretChangesPerHour();
    secretRecreateShare = s.secretRecreateShare();
    gcIntervalMinutes = s.gcIntervalMinutes();
    gcRemoveShare = s.gcRemoveShare();
    restartHours = s.restartHours();
    pullFailureRate = s.pullFailureRate();
  }

  /** Sets the seed of every random choice. */
  public NodeDayScenarioBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Sets the engine's verification policy. */
  public NodeDayScenarioBuilder policy(VerificationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Sets the day's length in hours, 1 to 744 (a month). */
  public NodeDayScenarioBuilder hours(int hours) {
    this.hours = (int) requireRange("hours", hours, 1, 744);
    return this;
  }

  /** Sets how many pods start during the day, 1 to 100,000,000. */
  public NodeDayScenarioBuilder podStarts(int podStarts) {
    this.podStarts = (int) requireRange("podStarts", podStarts, 1, 100_000_000);
    return this;
  }

  /** Sets the most containers one pod has, 1 to 20. */
  public NodeDayScenarioBuilder maxContainersPerPod(int max) {
    this.maxContainersPerPod = (int) requireRange("maxContainersPerPod", max, 1, 20);
    return this;
  }

  /** Sets how many namespaces run pods, 1 to 100,000. */
  public NodeDayScenarioBuilder namespaces(int namespaces) {
    this.namespaces = (int) requireRange("namespaces", namespaces, 1, 100_000);
    return this;
  }

  /** Sets how many teams own private images, 1 to 100,000 and at most the namespaces. */
  public NodeDayScenarioBuilder teams(int teams) {
    this.teams = (int) requireRange("teams", teams, 1, 100_000);
    return this;
  }

  /** Sets how many distinct images pods choose from, 1 to 1,000,000. */
  public NodeDayScenarioBuilder images(int images) {
    this.images = (int) requireRange("images", images, 1, 1_000_000);
    return this;
  }

  /** Sets the share of private images, 0 to 1. */
  public NodeDayScenarioBuilder privateShare(double share) {
    this.privateShare = requireShare("privateShare", share);
    return this;
  }

  /** Sets the share of images on the node at dawn without a record, 0 to 1. */
  public NodeDayScenarioBuilder preloadedShare(double share) {
    this.preloadedShare = requireShare("preloadedShare", share);
    return this;
  }

  /** Sets the share of namespaces pulling with a service account token, 0 to 1. */
  public NodeDayScenarioBuilder serviceAccountShare(double share) {
    this.serviceAccountShare = requireShare("serviceAccountShare", share);
    return this;
  }

  /** Sets the share of secret namespaces holding their team's shared credential, 0 to 1. */
  public NodeDayScenarioBuilder sharedCredentialShare(double share) {
    this.sharedCredentialShare = requireShare("sharedCredentialShare", share);
    return this;
  }

  /** Sets the share of private image choices that name another team's image, 0 to 1. */
  public NodeDayScenarioBuilder crossTeamShare(double share) {
    this.crossTeamShare = requireShare("crossTeamShare", share);
    return this;
  }

  /** Sets how many secrets change per hour on average, 0 to 100,000. */
  public NodeDayScenarioBuilder secretChangesPerHour(double rate) {
    if (!(rate >= 0 && rate <= 100_000)) {
      throw new IllegalArgumentException(
          "secretChangesPerHour must be from 0 to 100000, was " + rate);
    }
    this.secretChangesPerHour = rate;
    return this;
  }

  /** Sets the share of secret changes that recreate the secret, 0 to 1. */
  public NodeDayScenarioBuilder secretRecreateShare(double share) {
    this.secretRecreateShare = requireShare("secretRecreateShare", share);
    return this;
  }

  /** Sets the minutes between garbage collections, 1 to 44,640. */
  public NodeDayScenarioBuilder gcIntervalMinutes(int minutes) {
    this.gcIntervalMinutes = (int) requireRange("gcIntervalMinutes", minutes, 1, 44_640);
    return this;
  }

  /** Sets the share of idle images each garbage collection removes, 0 to 1. */
  public NodeDayScenarioBuilder gcRemoveShare(double share) {
    this.gcRemoveShare = requireShare("gcRemoveShare", share);
    return this;
  }

  /** Sets which images the engine counts as preloaded. */
  public NodeDayScenarioBuilder preloadedMode(PreloadedMode mode) {
    this.preloadedMode = Objects.requireNonNull(mode, "preloadedMode");
    return this;
  }

  /** Sets how long a credential's acceptance keeps granting; zero for ever. */
  public NodeDayScenarioBuilder credentialMaxAge(Duration maxAge) {
    Objects.requireNonNull(maxAge, "credentialMaxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("credentialMaxAge must not be negative, was " + maxAge);
    }
    this.credentialMaxAge = maxAge;
    return this;
  }

  /** Sets the hours at which the agent restarts, each from 0 to below {@code hours}. */
  public NodeDayScenarioBuilder restartHours(List<Integer> hours) {
    Objects.requireNonNull(hours, "restartHours");
    for (Integer hour : hours) {
      if (hour == null || hour < 0) {
        throw new IllegalArgumentException(
            "restartHours must hold hours of at least 0, was " + hours);
      }
    }
    this.restartHours = List.copyOf(hours);
    return this;
  }

  /** Sets the share of pulls the registry fails for other reasons than credentials, 0 to 1. */
  public NodeDayScenarioBuilder pullFailureRate(double rate) {
    this.pullFailureRate = requireShare("pullFailureRate", rate);
    return this;
  }

  /**
   * The scenario.
   *
   * @throws IllegalArgumentException when settings contradict each other
   */
  public NodeDayScenario build() {
    if (teams > namespaces) {
      throw new IllegalArgumentException(
          "teams must be at most namespaces (" + namespaces + "), was " + teams);
    }
    for (int hour : restartHours) {
      if (hour >= hours) {
        throw new IllegalArgumentException(
            "restartHours must be before the day's end (hours=" + hours + "), was " + hour);
      }
    }
    return new NodeDayScenario(this);
  }

  private static long requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", was " + value);
    }
    return value;
  }

  private static double requireShare(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be from 0 to 1, was " + value);
    }
    return value;
  }
}
