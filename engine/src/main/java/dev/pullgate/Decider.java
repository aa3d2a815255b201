package dev.pullgate;

import static dev.pullgate.DecisionReason.CREDENTIALS_EXPIRED;
import static dev.pullgate.DecisionReason.CREDENTIAL_LOOKUP_ERROR;
import static dev.pullgate.DecisionReason.INVALID_INPUT;
import static dev.pullgate.DecisionReason.NODE_ACCESSIBLE;
import static dev.pullgate.DecisionReason.NO_MAPPING;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.NO_RECORD;
import static dev.pullgate.DecisionReason.POLICY_ALLOWED;
import static dev.pullgate.DecisionReason.STORE_ERROR;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.image.ImageName;
import dev.pullgate.image.ImageRef;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Makes the decision of ENGINE-SPEC §4: must this pod attempt to pull this image?
 *
 * <p>Every failure on the way becomes a decision to pull with the reason that names it; nothing
 * here throws. A match that teaches the record something (new coordinates, a rotated hash) is
 * merged under the imageRef's lock and written with {@code writePulledRecordDeferred}, so the next
 * decision sees it at once and no caller waits for a disk sync.
 */
final class Decider {
  private final PullRecordStore store;
  private final ImageNames imageNames;
  private final IntentCounters intentCounters;
  private final PolicyEnforcer policy;
  private final StripedLocks locks;
  private final DecisionCounters decisions;
  private final ErrorLog errorLog;
  private final InstantSource clock;
  private final Duration credentialMaxAge;
  private final int maxSecretsPerImage;

  Decider(
      PullRecordStore store,
      ImageNames imageNames,
      IntentCounters intentCounters,
      PolicyEnforcer policy,
      StripedLocks locks,
      DecisionCounters decisions,
      ErrorLog errorLog,
      InstantSource clock,
      Duration credentialMaxAge,
      int maxSecretsPerImage) {
    this.store = store;
    this.imageNames = imageNames;
    this.intentCounters = intentCounters;
    this.policy = policy;
    this.locks = locks;
    this.decisions = decisions;
    this.errorLog = errorLog;
    this.clock = clock;
    this.credentialMaxAge = credentialMaxAge;
    this.maxSecretsPerImage = maxSecretsPerImage;
  }

  PullDecision mustAttemptImagePull(String image, String imageRef, PodCredentials pod) {
    DecisionReason reason = decide(image, imageRef, pod);
    decisions.count(reason);
    return PullDecision.of(reason);
  }

  private DecisionReason decide(String image, String imageRef, PodCredentials pod) {
    ImageName name = imageNames.lookup(image);
    if (name == null || !ImageRef.isValid(imageRef) || pod == null) {
      return INVALID_INPUT;
    }
    PulledRecord record;
    boolean pulledByNode;
    try {
      Optional<PulledRecord> stored = store.pulledRecord(imageRef);
      record = stored.orElse(null);
      pulledByNode =
          record != null || intentCounters.inFlight(image) || store.pullIntentExists(image);
    } catch (RuntimeException e) {
      errorLog.storeError("a decision", e);
      return STORE_ERROR;
    }
    if (!policy.verificationNeeded(name.name(), pulledByNode)) {
      return POLICY_ALLOWED;
    }
    if (record == null) {
      return NO_RECORD;
    }
    CredentialSet entry = record.credentialsFor(name.name());
    if (entry == null) {
      return NO_MAPPING;
    }
    if (entry.isNodePodsAccessible()) {
      return NODE_ACCESSIBLE;
    }
    if (entry.isEmpty()) {
      return NO_MATCHING_CREDENTIALS;
    }
    return matchPod(name, record, entry, pod);
  }

  private DecisionReason matchPod(
      ImageName name, PulledRecord record, CredentialSet entry, PodCredentials pod) {
    List<SecretCredential> secrets;
    ServiceAccountCoordinates account;
    try {
      secrets = pod.secrets();
      Optional<ServiceAccountCoordinates> podAccount = pod.serviceAccount();
      if (secrets == null || podAccount == null) {
        throw new IllegalStateException("pod credentials returned null");
      }
      account = podAccount.orElse(null);
    } catch (RuntimeException e) {
      errorLog.credentialLookupError(e);
      return CREDENTIAL_LOOKUP_ERROR;
    }
    CredentialMatch match = CredentialMatcher.match(entry, secrets, account);
    if (!match.granted()) {
      return match.reason();
    }
    if (expired(record)) {
      return CREDENTIALS_EXPIRED;
    }
    if (match.toMerge() != null) {
      merge(record.imageRef(), name.name(), match);
    }
    return match.reason();
  }

  private boolean expired(PulledRecord record) {
    Duration maxAge = credentialMaxAge;
    if (maxAge.isZero()) {
      return false;
    }
    Instant now = clock.instant();
    return record.lastUpdated().plus(maxAge).isBefore(now);
  }

  private void merge(String imageRef, String imageName, CredentialMatch match) {
    try {
      locks.underLock(
          imageRef,
          () -> {
            PulledRecord current = store.pulledRecord(imageRef).orElse(null);
            if (current == null) {
              return null;
            }
            Instant now = clock.instant();
            Optional<PulledRecord> merged =
                match.reason() == DecisionReason.SECRET_COORDINATES_MATCH
                    ? RecordMerge.mergeRotatedSecret(current, imageName, match.toMerge(), now)
                    : RecordMerge.mergeMatchedSecret(
                        current, imageName, match.toMerge(), maxSecretsPerImage, now);
            merged.ifPresent(store::writePulledRecordDeferred);
            return null;
          });
    } catch (RuntimeException e) {
      errorLog.mergeError(e);
    }
  }
}
