package dev.pullgate;

import static dev.pullgate.DecisionReason.CREDENTIALS_EXPIRED;
import static dev.pullgate.DecisionReason.CREDENTIAL_LOOKUP_ERROR;
import static dev.pullgate.DecisionReason.INVALID_INPUT;
import static dev.pullgate.DecisionReason.NODE_ACCESSIBLE;
import static dev.pullgate.DecisionReason.NO_MAPPING;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.NO_RECORD;
import static dev.pullgate.DecisionReason.POLICY_ALLOWED;
import static dev.pullgate.DecisionReason.SECRET_COORDINATES_MATCH;
import static dev.pullgate.DecisionReason.SECRET_HASH_MATCH;
import static dev.pullgate.DecisionReason.SERVICE_ACCOUNT_MATCH;
import static dev.pullgate.DecisionReason.STORE_ERROR;

import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordProbe;
import dev.pullgate.store.PullRecordStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Makes the decision of ENGINE-SPEC §4: must this pod attempt to pull this image?
 *
 * <p>A decision parses the image into its thread's {@link DecisionContext}, reads the record of the
 * imageRef in place (from the cache, else the memory map) with a {@link RecordProbe}, and concludes
 * from what the probe found, the intents and the policy. Immutable pod credentials ({@link
 * PodCredentials.Fixed}) are matched during that read; the caller's own lookups are asked for only
 * when the entry needs them, outside any read, and the record is read again with them.
 *
 * <p>Every failure on the way, of any kind, becomes a decision to pull with the reason that names
 * it; nothing here throws. A match that teaches the record something (new coordinates, a rotated
 * hash) is handed to the {@link MergeWorker} and never waits.
 */
final class Decider {
  private static final ThreadLocal<DecisionContext> CONTEXTS =
      ThreadLocal.withInitial(DecisionContext::new);

  private final PullRecordStore store;
  private final IntentCounters intentCounters;
  private final PolicyEnforcer policy;
  private final MergeWorker merges;
  private final DecisionCounters decisions;
  private final ErrorLog errorLog;
  private final InstantSource clock;
  private final long maxAgeMillis;
  private final PreloadedMode preloadedMode;
  private final UnaryOperator<CredentialHash> storedForm;

  Decider(
      PullRecordStore store,
      IntentCounters intentCounters,
      PolicyEnforcer policy,
      MergeWorker merges,
      DecisionCounters decisions,
      ErrorLog errorLog,
      InstantSource clock,
      Duration credentialMaxAge,
      PreloadedMode preloadedMode,
      UnaryOperator<CredentialHash> storedForm) {
    this.store = store;
    this.intentCounters = intentCounters;
    this.policy = policy;
    this.merges = merges;
    this.decisions = decisions;
    this.errorLog = errorLog;
    this.clock = clock;
    this.maxAgeMillis = credentialMaxAge.isZero() ? 0 : credentialMaxAge.toMillis();
    this.preloadedMode = preloadedMode;
    this.storedForm = storedForm;
  }

  PullDecision mustAttemptImagePull(String image, String imageRef, PodCredentials pod) {
    DecisionReason reason;
    DecisionContext context = CONTEXTS.get();
    try {
      reason = decide(context, image, imageRef, pod);
    } catch (Throwable e) {
      // Nothing may escape a decision; what is left here is a failure of the engine itself.
      errorLog.storeError("a decision", e);
      reason = STORE_ERROR;
    } finally {
      context.release();
    }
    decisions.count(reason);
    return PullDecision.of(reason);
  }

  private DecisionReason decide(
      DecisionContext context, String image, String imageRef, PodCredentials pod) {
    if (image == null || !context.image.parse(image)) {
      return INVALID_INPUT;
    }
    if (!PulledRecord.isValidImageRef(imageRef) || pod == null) {
      return INVALID_INPUT;
    }
    long notBefore = maxAgeMillis == 0 ? Long.MIN_VALUE : clock.millis() - maxAgeMillis;
    context.reset(notBefore, storedForm);
    if (pod instanceof PodCredentials.Fixed fixed) {
      context.credentials(fixed.secretList(), fixed.account());
    }
    if (!read(context, imageRef)) {
      return STORE_ERROR;
    }
    // Only a record the node pulled maps a name to credentials, so the policy sees pulledByNode;
    // when it needs no verification, the credentials are never asked for (spec §4, step 8).
    if (context.present
        && context.entry == RecordProbe.CREDENTIALS
        && !context.credentialsKnown
        && policy.verificationNeeded(context.image, true)) {
      if (!lookUp(context, pod)) {
        return CREDENTIAL_LOOKUP_ERROR;
      }
      if (!read(context, imageRef)) {
        return STORE_ERROR;
      }
    }
    return conclude(context, imageRef);
  }

  private DecisionReason conclude(DecisionContext context, String imageRef) {
    boolean pulledRecord = context.present && context.pulledByNode;
    boolean observedPreloaded =
        preloadedMode == PreloadedMode.OBSERVED
            && context.present
            && context.entry == RecordProbe.PRELOADED;
    boolean pulledByNode;
    if (pulledRecord && !observedPreloaded) {
      pulledByNode = true;
    } else {
      if (!observedPreloaded && store.isKnownDamaged()) {
        errorLog.absenceOnDamagedStore();
        return STORE_ERROR;
      }
      Optional<Boolean> intent = intentExists(context);
      if (intent.isEmpty()) {
        return STORE_ERROR;
      }
      pulledByNode =
          intent.get() || (!observedPreloaded && preloadedMode == PreloadedMode.OBSERVED);
    }
    if (!policy.verificationNeeded(context.image, pulledByNode)) {
      return POLICY_ALLOWED;
    }
    if (!pulledRecord) {
      return NO_RECORD;
    }
    return switch (context.entry) {
      case RecordProbe.NODE_ACCESSIBLE -> NODE_ACCESSIBLE;
      case RecordProbe.NO_CREDENTIALS -> NO_MATCHING_CREDENTIALS;
      case RecordProbe.CREDENTIALS -> matched(context, imageRef);
      default -> NO_MAPPING;
    };
  }

  private DecisionReason matched(DecisionContext context, String imageRef) {
    return switch (context.match) {
      case RecordProbe.SECRET_HASH -> SECRET_HASH_MATCH;
      case RecordProbe.SECRET_HASH_NEW_COORDINATES -> {
        merges.learnCoordinates(
            imageRef, context.image.toString(), secret(context), context.matchedAcceptedAt);
        yield SECRET_HASH_MATCH;
      }
      case RecordProbe.SECRET_COORDINATES -> {
        merges.storeRotatedHash(imageRef, context.image.toString(), secret(context));
        yield SECRET_COORDINATES_MATCH;
      }
      case RecordProbe.SERVICE_ACCOUNT -> SERVICE_ACCOUNT_MATCH;
      case RecordProbe.EXPIRED -> CREDENTIALS_EXPIRED;
      default -> NO_MATCHING_CREDENTIALS;
    };
  }

  /** The pod secret that matched, with its hash in the form the store keeps. */
  private SecretCredential secret(DecisionContext context) {
    SecretCredential pod = context.secrets.get(context.matchedSecret);
    return new SecretCredential(pod.coordinates(), storedForm.apply(pod.hash()));
  }

  /** Reads the record of {@code imageRef} into {@code context}; false when the store failed. */
  private boolean read(DecisionContext context, String imageRef) {
    try {
      store.readRecord(imageRef, context, DecisionContext.READ);
      return true;
    } catch (Throwable e) {
      errorLog.storeError("a decision", e);
      return false;
    }
  }

  /** Whether an intent of the image's reference is in flight or stored; empty on a failure. */
  private Optional<Boolean> intentExists(DecisionContext context) {
    String reference = context.image.normalisedReference();
    try {
      return Optional.of(intentCounters.inFlight(reference) || store.pullIntentExists(reference));
    } catch (Throwable e) {
      errorLog.storeError("a decision", e);
      return Optional.empty();
    }
  }

  /**
   * Asks the pod for its credentials and copies them, so that nothing of the caller's runs while a
   * record is read; false when the lookup failed (a throw, or a null where a value belongs).
   */
  private boolean lookUp(DecisionContext context, PodCredentials pod) {
    try {
      List<SecretCredential> secrets = pod.secrets();
      Optional<ServiceAccountCoordinates> account = pod.serviceAccount();
      if (secrets == null || account == null) {
        throw new IllegalStateException("pod credentials returned null");
      }
      List<SecretCredential> copy = new ArrayList<>(secrets.size());
      for (int i = 0, n = secrets.size(); i < n; i++) {
        SecretCredential secret = secrets.get(i);
        if (secret == null) {
          throw new IllegalStateException("pod credentials hold a null secret");
        }
        copy.add(secret);
      }
      context.credentials(copy, account.orElse(null));
      return true;
    } catch (Throwable e) {
      errorLog.credentialLookupError(e);
      return false;
    }
  }
}
