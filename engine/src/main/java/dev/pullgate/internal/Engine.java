package dev.pullgate.internal;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateMetrics;
import dev.pullgate.RuntimeImage;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.policy.PolicyEnforcer;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.StoreException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The engine behind {@link dev.pullgate.PullGate}: the store, the locks, the in-flight counters,
 * the metrics, and the two halves of the behaviour, {@link Decider} for decisions and {@link
 * Lifecycle} for everything that writes records.
 *
 * <p>Lock discipline: updates of one pulled record hold its imageRef's stripe; updates of one
 * intent hold its image string's stripe; no code holds two stripes at once, so there is no lock
 * order to get wrong.
 */
public final class Engine implements AutoCloseable {
  private final PullGateConfig config;
  private final PullRecordStore store;
  private final InstantSource clock;
  private final StripedLocks locks;
  private final IntentCounters intentCounters = new IntentCounters();
  private final DecisionCounters decisions = new DecisionCounters();
  private final ErrorLog errorLog = new ErrorLog();
  private final ImageNames imageNames;
  private final PolicyEnforcer policy;
  private final Decider decider;
  private final Lifecycle lifecycle;

  /** An engine over {@code store}, which it owns from now on and closes on {@link #close()}. */
  public Engine(PullGateConfig config, PullRecordStore store, InstantSource clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.locks = new StripedLocks(config.lockStripes());
    this.imageNames = new ImageNames(config.cacheMaxImageNames());
    this.policy = new PolicyEnforcer(config.policy(), config.allowlist());
    this.decider = new Decider(this);
    this.lifecycle = new Lifecycle(this);
  }

  public PullDecision mustAttemptImagePull(String image, String imageRef, PodCredentials pod) {
    return decider.mustAttemptImagePull(image, imageRef, pod);
  }

  public void recordPullIntent(String image) {
    lifecycle.recordPullIntent(image);
  }

  public void recordImagePulled(String image, String imageRef, PullCredentials credentials) {
    lifecycle.recordImagePulled(image, imageRef, credentials);
  }

  public void recordImagePullFailed(String image) {
    lifecycle.recordImagePullFailed(image);
  }

  public int reconcile(Collection<RuntimeImage> runtimeImages) {
    return lifecycle.reconcile(runtimeImages);
  }

  public int pruneUnknownRecords(Set<String> keepImageRefs, Instant until) {
    return lifecycle.pruneUnknownRecords(keepImageRefs, until);
  }

  /** A snapshot of the counters and gauges; a gauge the store cannot tell is -1. */
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

  public PullRecordStore store() {
    return store;
  }

  public void flush() {
    store.flush();
  }

  @Override
  public void close() {
    store.close();
  }

  PullGateConfig config() {
    return config;
  }

  InstantSource clock() {
    return clock;
  }

  IntentCounters intentCounters() {
    return intentCounters;
  }

  DecisionCounters decisions() {
    return decisions;
  }

  ErrorLog errorLog() {
    return errorLog;
  }

  ImageNames imageNames() {
    return imageNames;
  }

  PolicyEnforcer policy() {
    return policy;
  }

  /** Runs {@code action} holding the stripe lock of {@code key}. */
  <T> T underLock(String key, Supplier<T> action) {
    ReentrantLock lock = locks.lockFor(key);
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
