package dev.pullgate;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.error.PullGateException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.CachingPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Decides whether a pod may use a private image already on the node or must attempt to pull it, so
 * that the registry checks its credentials (the kubelet's "ensure secret pulled images", KEP-2535),
 * and keeps the records those decisions rest on.
 *
 * <p>A node agent opens one {@code PullGate}, calls {@link #recordPullIntent} before each pull,
 * {@link #recordImagePulled} or {@link #recordImagePullFailed} after it, and {@link
 * #mustAttemptImagePull} before starting a container whose image is present. Every method is safe
 * to call from many threads. Decisions never throw: any failure becomes a decision to pull, with a
 * reason that names it. Other methods throw {@link IllegalArgumentException} for invalid input
 * (naming the argument, never a credential) and {@link StoreException} when the store fails.
 */
public final class PullGate implements AutoCloseable {
  private final PullRecordStore store;
  private final CachingPullRecordStore cache;
  private final IntentCounters intentCounters = new IntentCounters();
  private final DecisionCounters decisions = new DecisionCounters();
  private final ErrorLog errorLog = new ErrorLog();
  private final MergeWorker merges;
  private final Decider decider;
  private final Lifecycle lifecycle;

  private PullGate(
      PullGateConfig config,
      StoreStack stack,
      InstantSource clock,
      UnaryOperator<CredentialHash> storedForm) {
    this.store = stack.store();
    this.cache = stack.cache();
    StripedLocks recordLocks = new StripedLocks(config.lockStripes());
    this.merges =
        new MergeWorker(
            store,
            recordLocks,
            errorLog,
            clock,
            config.maxSecretsPerImage(),
            task -> {
              Thread thread = new Thread(task, "pullgate-merges");
              thread.setDaemon(true);
              return thread;
            });
    this.decider =
        new Decider(
            store,
            intentCounters,
            new PolicyEnforcer(config.policy(), config.allowlist()),
            merges,
            decisions,
            errorLog,
            clock,
            config.credentialMaxAge(),
            config.preloadedMode(),
            storedForm);
    this.lifecycle =
        new Lifecycle(
            store,
            new StripedLocks(config.lockStripes()),
            recordLocks,
            intentCounters,
            merges,
            errorLog,
            clock,
            config.maxSecretsPerImage(),
            storedForm);
  }

  /**
   * Opens an engine with the store that {@code config} describes and the system clock.
   *
   * @param config the engine's settings and its store's
   * @return the open engine, which the caller closes
   * @throws PullGateException when the store cannot be opened
   */
  public static PullGate open(PullGateConfig config) {
    return open(config, InstantSource.system());
  }

  /**
   * Opens an engine with the store that {@code config} describes and {@code clock} as its time (a
   * simulation's or a replayed trace's clock).
   *
   * @param config the engine's settings and its store's
   * @param clock the time that records and credential ages are measured by
   * @return the open engine, which the caller closes
   * @throws PullGateException when the store cannot be opened
   */
  public static PullGate open(PullGateConfig config, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    return over(config, StoreStack.open(config), clock);
  }

  /**
   * Opens an engine over {@code store}, which it owns from now on and closes on {@link #close()},
   * with {@code clock} as its time; only {@code config}'s decision settings apply.
   *
   * @param config the engine's settings; its store settings are not used
   * @param store the store to keep records in, which the engine now owns
   * @param clock the time that records and credential ages are measured by
   * @return the open engine, which the caller closes
   */
  public static PullGate open(PullGateConfig config, PullRecordStore store, InstantSource clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    return over(config, StoreStack.of(store), clock);
  }

  /**
   * Converts the LMDB store at {@code config}'s path, which keeps the kubelet's credential hashes,
   * to keep them under the key in {@code config}'s {@value PullGateConfig#HASH_KEY} file (created
   * when absent), in one durable commit; the operator's {@code pullgate rekey}. No engine may hold
   * the store meanwhile.
   *
   * @param config names the store (its path) and the key file ({@value PullGateConfig#HASH_KEY})
   * @return how many records were rewritten
   * @throws PullGateException when the store already has a key, is held, or cannot be opened
   */
  public static int rekey(PullGateConfig config) {
    if (config.hashKey() == null || config.storePath() == null) {
      throw new IllegalArgumentException(
          "rekey needs " + PullGateConfig.STORE_PATH + " and " + PullGateConfig.HASH_KEY);
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(StoreStack.lmdbOptions(config))) {
      // The key file is read, or created, only once the writer lock is held.
      HashKey key = HashKey.load(config.hashKey());
      return store.rekey(key.id(), key);
    }
  }

  private static PullGate over(PullGateConfig config, StoreStack stack, InstantSource clock) {
    try {
      return new PullGate(config, stack, clock, HashKey.forStore(config, stack.store()));
    } catch (RuntimeException | Error e) {
      try {
        stack.store().close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Records that the node is about to pull {@code image}; returns once the intent is durable.
   *
   * @param image the image as the pod spec writes it
   * @throws IllegalArgumentException when {@code image} is not a valid image reference
   * @throws StoreException when the intent could not be stored: do not pull
   */
  public void recordPullIntent(String image) {
    lifecycle.recordPullIntent(image);
  }

  /**
   * Records that {@code image} was pulled as {@code imageRef} with {@code credentials} (null for
   * unknown provenance); returns once the record, and the end of the pull's intent, are durable in
   * one commit.
   *
   * @param image the image as the pod spec writes it
   * @param imageRef the runtime's identity of the pulled image
   * @param credentials what the pull used, or null when unknown
   * @throws IllegalArgumentException naming the invalid field; nothing is written
   * @throws StoreException when the record could not be stored; the intent stays, so the image
   *     still counts as pulled by the node
   */
  public void recordImagePulled(String image, String imageRef, PullCredentials credentials) {
    lifecycle.recordImagePulled(image, imageRef, credentials);
  }

  /**
   * Records that a pull of {@code image} failed, ending its intent.
   *
   * @param image the image as the pod spec writes it
   */
  public void recordImagePullFailed(String image) {
    lifecycle.recordImagePullFailed(image);
  }

  /**
   * Whether a pod with {@code podCredentials} must attempt to pull {@code image}, present on the
   * node as {@code imageRef}. Credentials are asked for only when the decision needs them. Never
   * throws.
   *
   * @param image the image as the pod spec writes it
   * @param imageRef the runtime's identity of the image present on the node
   * @param podCredentials the pod's pull secrets and service account, asked for lazily
   * @return the decision and its reason; a decision to pull on any failure
   */
  public PullDecision mustAttemptImagePull(
      String image, String imageRef, PodCredentials podCredentials) {
    return decider.mustAttemptImagePull(image, imageRef, podCredentials);
  }

  /**
   * Start-up reconciliation: every stored intent whose normalised reference is that of a tag or
   * digest of one of {@code runtimeImages} becomes a pulled record with an empty mapping for that
   * image's id (an existing pulled record is left alone), and the intent is deleted.
   *
   * @param runtimeImages every image the runtime lists
   * @return how many intents became records
   */
  public int reconcile(Collection<RuntimeImage> runtimeImages) {
    return lifecycle.reconcile(runtimeImages);
  }

  /**
   * Observed preloaded mode: records that {@code runtimeImages}, found on the node at start-up
   * before any pull, are preloaded under the names of their tags and digests (per imageRef). Images
   * the node pulled, and names with an intent, are left out. Call it after {@link #reconcile}.
   *
   * @param runtimeImages every image the runtime lists at start-up
   * @return how many records gained preloaded names
   */
  public int recordPreloadedImages(Collection<RuntimeImage> runtimeImages) {
    return lifecycle.recordPreloadedImages(runtimeImages);
  }

  /**
   * Deletes every pulled record whose imageRef is not in {@code keepImageRefs} and which last
   * changed before {@code until}. Intents are not pruned.
   *
   * @param keepImageRefs the imageRefs of the images the runtime still has
   * @param until records changed at or after this time are kept
   * @return how many records were deleted
   */
  public int pruneUnknownRecords(Set<String> keepImageRefs, Instant until) {
    return lifecycle.pruneUnknownRecords(keepImageRefs, until);
  }

  /**
   * Removes the secret with uid {@code secretUid} from every record, durably: afterwards it grants
   * nothing until a pull proves it again.
   *
   * @param secretUid the uid of the deleted secret
   * @return how many entries were removed
   */
  public int forgetSecret(String secretUid) {
    return lifecycle.forget(IndexTerm.SECRET_UID, secretUid);
  }

  /**
   * Removes the service account with uid {@code serviceAccountUid} from every record, durably.
   *
   * @param serviceAccountUid the uid of the deleted service account
   * @return how many entries were removed
   */
  public int forgetServiceAccount(String serviceAccountUid) {
    return lifecycle.forget(IndexTerm.SERVICE_ACCOUNT_UID, serviceAccountUid);
  }

  /**
   * Removes every secret and service account of {@code namespace} from every record, durably.
   *
   * @param namespace the deleted namespace
   * @return how many entries were removed
   */
  public int forgetNamespace(String namespace) {
    return lifecycle.forget(IndexTerm.NAMESPACE, namespace);
  }

  /**
   * Stores {@code records} (credential hashes as the kubelet computes them; converted here when the
   * store keeps them under a key) and intents for {@code images}, replacing records under the same
   * imageRefs, in large commits: {@code pullgate import-kubelet} and other bulk loads. A call that
   * changes one of those records meanwhile (a pull, a decision's merge, a forget) comes wholly
   * before or after the commit that replaces it.
   *
   * @param records the pulled records to store
   * @param images the images to store a pull intent for
   * @return how many records and intents were stored
   * @throws IllegalArgumentException when an image, or an image name of a record, is not a valid
   *     image reference; nothing is written then
   */
  public int importRecords(Collection<PulledRecord> records, Collection<String> images) {
    return lifecycle.importRecords(records, images);
  }

  /**
   * The stored pulled record for {@code imageRef}, for inspection.
   *
   * @param imageRef the runtime's identity of the image
   * @return the record, or empty when none is stored
   */
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    return store.pulledRecord(imageRef);
  }

  /**
   * Whether a pull intent is stored for {@code image} (any spelling of it), for inspection.
   *
   * @param image the image in any spelling that normalises alike
   * @return whether an intent is stored
   */
  public boolean pullIntentExists(String image) {
    return store.pullIntentExists(
        dev.pullgate.image.ImageName.parse(Objects.requireNonNull(image, "image"))
            .normalisedReference());
  }

  /** {@return a snapshot of the decision counters and the gauges} */
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
        decisions.snapshot(),
        records,
        intents,
        intentCounters.total(),
        store.isKnownDamaged(),
        errorLog.storeErrors(),
        merges.dropped(),
        cache == null ? CachingPullRecordStore.Statistics.NONE : cache.statistics());
  }

  /** Waits until every record write that decisions deferred is durable. */
  public void flush() {
    merges.drain();
    store.flush();
  }

  /** Makes every deferred write durable and closes the store. */
  @Override
  public void close() {
    merges.close();
    store.close();
  }
}
