package dev.pullgate;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.error.PullGateException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a pod may use a private image already on the node or must attempt to pull it, so
 * that the registry checks its credentials (the kubelet's "ensure secret pulled images", KEP-2535),
 * and keeps the records those decisions rest on.
 *
 * <p>A node agent opens one {@code PullGate}, calls {@link #recordPullIntent} before each pull,
 * {@link #recordImagePulled} or {@link #recordImagePullFailed} after it, and {@link
 * #mustAttemptImagePull} before starting a container whose image is present. Every method is safe
 * to call from many threads. Decisions never throw: any failure becomes a decision to pull, with a
 * reason that names it.
 */
public final class PullGate implements AutoCloseable {
  private final PullRecordStore store;
  private final IntentCounters intentCounters = new IntentCounters();
  private final DecisionCounters decisions = new DecisionCounters();
  private final Decider decider;
  private final Lifecycle lifecycle;

  private PullGate(PullGateConfig config, PullRecordStore store, InstantSource clock) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    StripedLocks locks = new StripedLocks(config.lockStripes());
    ImageNames imageNames = new ImageNames(config.cacheMaxImageNames());
    ErrorLog errorLog = new ErrorLog();
    this.decider =
        new Decider(
            store,
            imageNames,
            intentCounters,
            new PolicyEnforcer(config.policy(), config.allowlist()),
            locks,
            decisions,
            errorLog,
            clock,
            config.credentialMaxAge(),
            config.maxSecretsPerImage());
    this.lifecycle =
        new Lifecycle(
            store, imageNames, intentCounters, locks, errorLog, clock, config.credentialMaxAge());
  }

  /**
   * Opens an engine with the store that {@code config} describes and the system clock.
   *
   * @throws PullGateException when the store cannot be opened
   */
  public static PullGate open(PullGateConfig config) {
    Objects.requireNonNull(config, "config");
    return open(config, PullGateStores.open(config), InstantSource.system());
  }

  /**
   * Opens an engine with the store that {@code config} describes and {@code clock} as its time (a
   * simulation's or a replayed trace's clock).
   *
   * @throws PullGateException when the store cannot be opened
   */
  public static PullGate open(PullGateConfig config, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    return open(config, PullGateStores.open(config), clock);
  }

  /**
   * Opens an engine over {@code store}, which it owns from now on and closes on {@link #close()},
   * with {@code clock} as its time.
   */
  public static PullGate open(PullGateConfig config, PullRecordStore store, InstantSource clock) {
    return new PullGate(config, store, clock);
  }

  /**
   * Records that the node is about to pull {@code image}; returns once the intent is durable.
   *
   * @throws IllegalArgumentException when {@code image} is not a valid image reference
   * @throws dev.pullgate.error.StoreException when the intent could not be stored: do not pull
   */
  public void recordPullIntent(String image) {
    lifecycle.recordPullIntent(image);
  }

  /**
   * Records that {@code image} was pulled as {@code imageRef} with {@code credentials} (null for
   * unknown provenance); returns once the record is durable, then ends the pull's intent.
   *
   * @throws IllegalArgumentException naming the invalid field; nothing is written
   * @throws dev.pullgate.error.StoreException when the record could not be stored; the intent
   *     stays, so the image still counts as pulled by the node
   */
  public void recordImagePulled(String image, String imageRef, PullCredentials credentials) {
    lifecycle.recordImagePulled(image, imageRef, credentials);
  }

  /** Records that a pull of {@code image} failed, ending its intent. */
  public void recordImagePullFailed(String image) {
    lifecycle.recordImagePullFailed(image);
  }

  /**
   * Whether a pod with {@code podCredentials} must attempt to pull {@code image}, present on the
   * node as {@code imageRef}. Credentials are asked for only when the decision needs them. Never
   * throws.
   */
  public PullDecision mustAttemptImagePull(
      String image, String imageRef, PodCredentials podCredentials) {
    return decider.mustAttemptImagePull(image, imageRef, podCredentials);
  }

  /**
   * Start-up reconciliation: every stored intent whose image string is a tag or digest of one of
   * {@code runtimeImages} becomes a pulled record with an empty mapping for that image's id (an
   * existing record is left alone), and the intent is deleted.
   *
   * @return how many intents became records
   */
  public int reconcile(Collection<RuntimeImage> runtimeImages) {
    return lifecycle.reconcile(runtimeImages);
  }

  /**
   * Deletes every pulled record whose imageRef is not in {@code keepImageRefs} and which last
   * changed before {@code until}. Intents are not pruned.
   *
   * @return how many records were deleted
   */
  public int pruneUnknownRecords(Set<String> keepImageRefs, Instant until) {
    return lifecycle.pruneUnknownRecords(keepImageRefs, until);
  }

  /** The stored pulled record for {@code imageRef}, for inspection. */
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    return store.pulledRecord(imageRef);
  }

  /** Whether a pull intent is stored for {@code image}, for inspection. */
  public boolean pullIntentExists(String image) {
    return store.pullIntentExists(image);
  }

  /** A snapshot of the decision counters and the gauges. */
  public PullGateMetrics metrics() {
    long records;
    long intents;
    try {
      records = store.pulledRecordCount();
      intents = store.pullIntentCount();
    } catch (StoreException e) {
      records = -1;
      intents = -1;
    }
    return new PullGateMetrics(
        decisions.snapshot(), records, intents, intentCounters.total(), store.cacheStatistics());
  }

  /** Waits until every record write that decisions deferred is durable. */
  public void flush() {
    store.flush();
  }

  /** Makes every deferred write durable and closes the store. */
  @Override
  public void close() {
    store.close();
  }
}
