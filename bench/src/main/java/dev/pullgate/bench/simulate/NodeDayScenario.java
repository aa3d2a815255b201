package dev.pullgate.bench.simulate;

import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.VerificationPolicy;
import java.time.Duration;
import java.util.List;

/**
 * The parameters of a simulated node day: who runs on the node, which images they use, how often
 * secrets change, images are collected and the agent restarts, and the seed that makes it all
 * repeatable. Immutable; built by {@link #builder()}, which validates every setting.
 *
 * <p>The defaults make a day of about 50,000 decisions: 25,000 pod starts of one to three
 * containers in 40 namespaces of 10 teams, over 300 images of which 70% are private.
 */
public final class NodeDayScenario {
  private final long seed;
  private final VerificationPolicy policy;
  private final PreloadedMode preloadedMode;
  private final Duration credentialMaxAge;
  private final int hours;
  private final int podStarts;
  private final int maxContainersPerPod;
  private final int namespaces;
  private final int teams;
  private final int images;
  private final double privateShare;
  private final double preloadedShare;
  private final double serviceAccountShare;
  private final double sharedCredentialShare;
  private final double crossTeamShare;
  private final double secretChangesPerHour;
  private final double secretRecreateShare;
  private final int gcIntervalMinutes;
  private final double gcRemoveShare;
  private final List<Integer> restartHours;
  private final double pullFailureRate;

  NodeDayScenario(NodeDayScenarioBuilder b) {
    this.seed = b.seed;
    this.policy = b.policy;
    this.preloadedMode = b.preloadedMode;
    this.credentialMaxAge = b.credentialMaxAge;
    this.hours = b.hours;
    this.podStarts = b.podStarts;
    this.maxContainersPerPod = b.maxContainersPerPod;
    this.namespaces = b.namespaces;
    this.teams = b.teams;
    this.images = b.images;
    this.privateShare = b.privateShare;
    this.preloadedShare = b.preloadedShare;
    this.serviceAccountShare = b.serviceAccountShare;
    this.sharedCredentialShare = b.sharedCredentialShare;
    this.crossTeamShare = b.crossTeamShare;
    this.secretChangesPerHour = b.secretChangesPerHour;
    this.secretRecreateShare = b.secretRecreateShare;
    this.gcIntervalMinutes = b.gcIntervalMinutes;
    this.gcRemoveShare = b.gcRemoveShare;
    this.restartHours = List.copyOf(b.restartHours);
    this.pullFailureRate = b.pullFailureRate;
  }

  /** A builder holding every default. */
  public static NodeDayScenarioBuilder builder() {
    return new NodeDayScenarioBuilder();
  }

  /** The scenario with every default. */
  public static NodeDayScenario defaults() {
    return builder().build();
  }

  /** A builder that starts from this scenario. */
  public NodeDayScenarioBuilder toBuilder() {
    return new NodeDayScenarioBuilder(this);
  }

  /** The seed of every random choice; the same seed plays the same day. */
  public long seed() {
    return seed;
  }

  /** The engine's verification policy for this day. */
  public VerificationPolicy policy() {
    return policy;
  }

  /**
   * Which images the engine counts as preloaded ({@code pullgate.preloaded.mode}). In observed mode
   * the agent reports the images on the node at dawn, before any pull.
   */
  public PreloadedMode preloadedMode() {
    return preloadedMode;
  }

  /**
   * How long a registry's acceptance of a credential keeps granting ({@code
   * pullgate.credentials.maxAge}); zero for ever.
   */
  public Duration credentialMaxAge() {
    return credentialMaxAge;
  }

  /** How many simulated hours the day lasts. */
  public int hours() {
    return hours;
  }

  /** How many pods start during the day, spread evenly with jitter. */
  public int podStarts() {
    return podStarts;
  }

  /** The most containers (each with its own image) one pod has; a pod has one to this many. */
  public int maxContainersPerPod() {
    return maxContainersPerPod;
  }

  /** How many namespaces run pods on the node; each has one pull secret or service account. */
  public int namespaces() {
    return namespaces;
  }

  /**
   * How many teams own the private images; namespace {@code i} belongs to team {@code i % teams}.
   */
  public int teams() {
    return teams;
  }

  /** How many distinct images the pods choose from. */
  public int images() {
    return images;
  }

  /** The share of images that are private to one team; the rest are public. */
  public double privateShare() {
    return privateShare;
  }

  /** The share of images already on the node at dawn without any record. */
  public double preloadedShare() {
    return preloadedShare;
  }

  /** The share of namespaces whose pods pull through a credential provider and service account. */
  public double serviceAccountShare() {
    return serviceAccountShare;
  }

  /** The share of secret namespaces whose secret holds their team's shared credential. */
  public double sharedCredentialShare() {
    return sharedCredentialShare;
  }

  /** The share of private image choices that name another team's image. */
  public double crossTeamShare() {
    return crossTeamShare;
  }

  /** How many pull secrets change per hour on average (rotated or recreated). */
  public double secretChangesPerHour() {
    return secretChangesPerHour;
  }

  /** The share of secret changes that recreate the secret (new uid) instead of rotating it. */
  public double secretRecreateShare() {
    return secretRecreateShare;
  }

  /** Minutes between two image garbage collections. */
  public int gcIntervalMinutes() {
    return gcIntervalMinutes;
  }

  /** The share of idle images each garbage collection removes. */
  public double gcRemoveShare() {
    return gcRemoveShare;
  }

  /**
   * The hours (from the day's start) at which the agent restarts, each at the first moment from
   * that hour on when a pull is in flight, so that the restart cuts pulls off (a restart that no
   * pull follows does not happen); empty for none.
   */
  public List<Integer> restartHours() {
    return restartHours;
  }

  /** The share of pulls the registry fails for reasons other than credentials. */
  public double pullFailureRate() {
    return pullFailureRate;
  }

  // toString names every field, and doubles print exactly, so it identifies the scenario.
  @Override
  public boolean equals(Object o) {
    return o instanceof NodeDayScenario other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "NodeDayScenario[seed="
        + seed
        + ", policy="
        + policy.kubeletName()
        + ", preloadedMode="
        + preloadedMode.propertyValue()
        + ", credentialMaxAge="
        + credentialMaxAge
        + ", hours="
        + hours
        + ", podStarts="
        + podStarts
        + ", maxContainersPerPod="
        + maxContainersPerPod
        + ", namespaces="
        + namespaces
        + ", teams="
        + teams
        + ", images="
        + images
        + ", privateShare="
        + privateShare
        + ", preloadedShare="
        + preloadedShare
        + ", serviceAccountShare="
        + serviceAccountShare
        + ", sharedCredentialShare="
        + sharedCredentialShare
        + ", crossTeamShare="
        + crossTeamShare
        + ", secretChangesPerHour="
        + secretChangesPerHour
        + ", secretRecreateShare="
        + secretRecreateShare
        + ", gcIntervalMinutes="
        + gcIntervalMinutes
        + ", gcRemoveShare="
        + gcRemoveShare
        + ", restartHours="
        + restartHours
        + ", pullFailureRate="
        + pullFailureRate
        + "]";
  }
}
