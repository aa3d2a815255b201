package dev.pullgate;

import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.image.ImageName;
import dev.pullgate.image.ImageRef;
import dev.pullgate.image.InvalidImageException;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The calls that write records (ENGINE-SPEC §5): pull intents, pulled records, failed pulls,
 * start-up reconciliation and pruning. Each validates its input first and writes nothing when it is
 * invalid; each durable write returns only after the store committed it.
 */
final class Lifecycle {
  private final PullRecordStore store;
  private final ImageNames imageNames;
  private final IntentCounters intentCounters;
  private final StripedLocks locks;
  private final ErrorLog errorLog;
  private final InstantSource clock;
  private final Duration credentialMaxAge;

  Lifecycle(
      PullRecordStore store,
      ImageNames imageNames,
      IntentCounters intentCounters,
      StripedLocks locks,
      ErrorLog errorLog,
      InstantSource clock,
      Duration credentialMaxAge) {
    this.store = store;
    this.imageNames = imageNames;
    this.intentCounters = intentCounters;
    this.locks = locks;
    this.errorLog = errorLog;
    this.clock = clock;
    this.credentialMaxAge = credentialMaxAge;
  }

  void recordPullIntent(String image) {
    requireImage(image);
    locks.underLock(
        image,
        () -> {
          store.writePullIntent(new PullIntent(image));
          intentCounters.increment(image);
          return null;
        });
  }

  void recordImagePulled(String image, String imageRef, PullCredentials credentials) {
    ImageName name = requireImage(image);
    ImageRef.validate(imageRef, "imageRef");
    CredentialSet proven = credentialSetOf(credentials);
    locks.underLock(
        imageRef,
        () -> {
          PulledRecord existing = readForReplacement(imageRef);
          Instant now = clock.instant();
          Optional<PulledRecord> merged =
              RecordMerge.mergePull(existing, imageRef, name.name(), proven, now);
          if (merged.isEmpty() && renewsExpiry(existing, proven)) {
            merged = Optional.of(existing.withLastUpdated(now));
          }
          if (merged.isPresent()) {
            store.writePulledRecord(merged.get());
          } else {
            // Nothing new to write, but what the record already shows may still be a deferred
            // merge or a failed write waiting for its commit: return only once it is durable.
            store.flush();
          }
          return null;
        });
    decrementIntent(image);
  }

  void recordImagePullFailed(String image) {
    requireImage(image);
    decrementIntent(image);
  }

  int reconcile(Collection<RuntimeImage> runtimeImages) {
    Objects.requireNonNull(runtimeImages, "runtimeImages");
    Map<String, String> imageIdByReference = new HashMap<>();
    for (RuntimeImage runtimeImage : runtimeImages) {
      for (String tag : runtimeImage.repoTags()) {
        imageIdByReference.putIfAbsent(tag, runtimeImage.id());
      }
      for (String digest : runtimeImage.repoDigests()) {
        imageIdByReference.putIfAbsent(digest, runtimeImage.id());
      }
    }
    int converted = 0;
    for (PullIntent intent : store.pullIntents()) {
      String imageId = imageIdByReference.get(intent.image());
      if (imageId != null && ImageRef.isValid(imageId)) {
        convertIntent(intent.image(), imageId);
        converted++;
      }
    }
    return converted;
  }

  int pruneUnknownRecords(Set<String> keepImageRefs, Instant until) {
    Objects.requireNonNull(keepImageRefs, "keepImageRefs");
    Objects.requireNonNull(until, "until");
    int pruned = 0;
    for (PulledRecord record : store.pulledRecords()) {
      String imageRef = record.imageRef();
      if (keepImageRefs.contains(imageRef)) {
        continue;
      }
      boolean deleted =
          locks.underLock(
              imageRef,
              () -> {
                Optional<PulledRecord> current = store.pulledRecord(imageRef);
                return current.isPresent()
                    && current.get().lastUpdated().isBefore(until)
                    && store.deletePulledRecord(imageRef);
              });
      if (deleted) {
        pruned++;
      }
    }
    return pruned;
  }

  private void convertIntent(String image, String imageId) {
    locks.underLock(
        imageId,
        () -> {
          if (readForReplacement(imageId) == null) {
            store.writePulledRecord(PulledRecord.withoutCredentials(imageId, clock.instant()));
          } else {
            // The intent goes next: the record standing in for it must be durable first.
            store.flush();
          }
          return null;
        });
    locks.underLock(
        image,
        () -> {
          store.deletePullIntent(image);
          intentCounters.clear(image);
          return null;
        });
  }

  /**
   * The stored record for {@code imageRef}, or null when there is none or it is unreadable: a
   * damaged record is replaced by what the caller writes next, which can only narrow who may use
   * the image (its other entries are lost, so their pods must pull again).
   */
  private PulledRecord readForReplacement(String imageRef) {
    try {
      return store.pulledRecord(imageRef).orElse(null);
    } catch (StoreDamagedException e) {
      errorLog.storeError("a write over a damaged record", e);
      return null;
    }
  }

  /** Drops one in-flight pull; the last one deletes the stored intent, and only then the count. */
  private void decrementIntent(String image) {
    locks.underLock(
        image,
        () -> {
          IntentCounters counters = intentCounters;
          if (counters.count(image) <= 1) {
            store.deletePullIntent(image);
            counters.clear(image);
          } else {
            counters.decrement(image);
          }
          return null;
        });
  }

  /**
   * With credential expiry on, a pull proves the credentials again, so it renews the record even
   * when it adds nothing; otherwise an expired record could never become valid again.
   */
  private boolean renewsExpiry(PulledRecord existing, CredentialSet proven) {
    return existing != null && proven != null && !credentialMaxAge.isZero();
  }

  private ImageName requireImage(String image) {
    if (image == null) {
      throw new InvalidImageException("image must not be null");
    }
    ImageName name = imageNames.lookup(image);
    if (name == null) {
      ImageName.parse(image);
      throw new InvalidImageException("image is invalid");
    }
    return name;
  }

  private static CredentialSet credentialSetOf(PullCredentials credentials) {
    if (credentials == null) {
      return null;
    }
    if (credentials instanceof PullCredentials.NodePodsAccessible) {
      return CredentialSet.nodePodsAccessible();
    }
    if (credentials instanceof PullCredentials.Secret secret) {
      SecretCredential s = secret.secret();
      s.coordinates().requireComplete("credentials.secret");
      if (s.hash().isEmpty()) {
        throw new IllegalArgumentException("credentials.secret must have a credential hash");
      }
      return CredentialSet.of(List.of(s), List.of());
    }
    PullCredentials.ServiceAccount account = (PullCredentials.ServiceAccount) credentials;
    account.serviceAccount().requireComplete("credentials.serviceAccount");
    return CredentialSet.of(List.of(), List.of(account.serviceAccount()));
  }
}
