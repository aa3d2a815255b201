package dev.pullgate;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.image.ImageName;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import dev.pullgate.store.PullRecordStore.Update;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The calls that write records (ENGINE-SPEC §5 and §7): pull intents, pulled records, failed pulls,
 * start-up reconciliation, observed preloaded images, pruning and forgetting. Each validates its
 * input first and writes nothing when it is invalid; each returns only after the store committed
 * what it wrote.
 *
 * <p>Lock discipline: an intent's changes hold its reference's intent lock, a record's changes its
 * imageRef's record lock; a call that changes both takes the intent lock first. Decisions' merges
 * take record locks only; an import takes the record locks of a whole batch, in stripe order, and
 * no intent lock. So no two threads ever wait for each other's locks in opposite order.
 */
final class Lifecycle {
  /** How many records an import commits at once. */
  static final int IMPORT_BATCH = 10_000;

  private final PullRecordStore store;
  private final StripedLocks intentLocks;
  private final StripedLocks recordLocks;
  private final IntentCounters intentCounters;
  private final MergeWorker merges;
  private final ErrorLog errorLog;
  private final InstantSource clock;
  private final int maxSecretsPerImage;
  private final UnaryOperator<CredentialHash> storedForm;

  Lifecycle(
      PullRecordStore store,
      StripedLocks intentLocks,
      StripedLocks recordLocks,
      IntentCounters intentCounters,
      MergeWorker merges,
      ErrorLog errorLog,
      InstantSource clock,
      int maxSecretsPerImage,
      UnaryOperator<CredentialHash> storedForm) {
    this.store = store;
    this.intentLocks = intentLocks;
    this.recordLocks = recordLocks;
    this.intentCounters = intentCounters;
    this.merges = merges;
    this.errorLog = errorLog;
    this.clock = clock;
    this.maxSecretsPerImage = maxSecretsPerImage;
    this.storedForm = storedForm;
  }

  void recordPullIntent(String image) {
    String reference = parse(image).normalisedReference();
    intentLocks.underLock(
        reference,
        () -> {
          store.write(Update.putIntent(reference));
          intentCounters.increment(reference);
          return null;
        });
  }

  void recordImagePulled(String image, String imageRef, PullCredentials credentials) {
    ImageName name = parse(image);
    PulledRecord.requireValidImageRef(imageRef, "imageRef");
    String reference = name.normalisedReference();
    intentLocks.underLock(
        reference,
        () ->
            recordLocks.underLock(
                imageRef,
                () -> {
                  Instant now = clock.instant();
                  CredentialSet proven = credentialSetOf(credentials, now);
                  Optional<PulledRecord> merged =
                      RecordMerge.mergePull(
                          readForReplacement(imageRef),
                          imageRef,
                          name.name(),
                          proven,
                          now,
                          maxSecretsPerImage);
                  boolean endsIntent = intentCounters.count(reference) <= 1;
                  Update.Builder update = Update.builder();
                  merged.ifPresent(update::putRecord);
                  if (endsIntent) {
                    update.deleteIntent(reference);
                  }
                  // Even an update with nothing to write waits for the commit of everything queued
                  // before it, such as a deferred merge that the read above saw: nothing this call
                  // acknowledges is still only pending.
                  store.write(update.build());
                  if (endsIntent) {
                    intentCounters.clear(reference);
                  } else {
                    intentCounters.decrement(reference);
                  }
                  return null;
                }));
  }

  void recordImagePullFailed(String image) {
    String reference = parse(image).normalisedReference();
    intentLocks.underLock(
        reference,
        () -> {
          if (intentCounters.count(reference) <= 1) {
            store.write(Update.deleteIntent(reference));
            intentCounters.clear(reference);
          } else {
            intentCounters.decrement(reference);
          }
          return null;
        });
  }

  int reconcile(Collection<RuntimeImage> runtimeImages) {
    Objects.requireNonNull(runtimeImages, "runtimeImages");
    Map<String, String> imageIdByReference = new HashMap<>();
    for (RuntimeImage runtimeImage : runtimeImages) {
      for (String reference : referencesOf(runtimeImage)) {
        imageIdByReference.putIfAbsent(reference, runtimeImage.id());
      }
    }
    int converted = 0;
    for (String reference : store.pullIntents()) {
      String imageId = imageIdByReference.get(reference);
      if (imageId != null && PulledRecord.isValidImageRef(imageId)) {
        convertIntent(reference, imageId);
        converted++;
      }
    }
    return converted;
  }

  int recordPreloadedImages(Collection<RuntimeImage> runtimeImages) {
    Objects.requireNonNull(runtimeImages, "runtimeImages");
    int observed = 0;
    for (RuntimeImage runtimeImage : runtimeImages) {
      if (!PulledRecord.isValidImageRef(runtimeImage.id())) {
        continue;
      }
      Set<String> names = new LinkedHashSet<>();
      for (String reference : references(runtimeImage)) {
        Optional<ImageName> name = ImageName.tryParse(reference);
        if (name.isPresent() && !intentExists(name.get().normalisedReference())) {
          names.add(name.get().name());
        }
      }
      String imageRef = runtimeImage.id();
      boolean changed =
          recordLocks.underLock(
              imageRef,
              () -> {
                Optional<PulledRecord> merged =
                    RecordMerge.observePreloaded(
                        readForReplacement(imageRef), imageRef, names, clock.instant());
                merged.ifPresent(record -> store.writeDeferred(Update.putRecord(record)));
                return merged.isPresent();
              });
      observed += changed ? 1 : 0;
    }
    store.flush();
    return observed;
  }

  int pruneUnknownRecords(Set<String> keepImageRefs, Instant until) {
    Objects.requireNonNull(keepImageRefs, "keepImageRefs");
    Objects.requireNonNull(until, "until");
    List<String> candidates = new ArrayList<>();
    store.forEachRecord(
        record -> {
          if (!keepImageRefs.contains(record.imageRef()) && record.lastUpdated().isBefore(until)) {
            candidates.add(record.imageRef());
          }
        });
    // A record whose write is in flight may be missing from the listing (a concurrent prune's
    // delete is queued) while decisions still read it from the cache; each is checked again under
    // its lock.
    Set<String> listed = new HashSet<>(candidates);
    for (String imageRef : store.imageRefsBeingWritten()) {
      if (!keepImageRefs.contains(imageRef) && listed.add(imageRef)) {
        candidates.add(imageRef);
      }
    }
    int pruned = 0;
    for (String imageRef : candidates) {
      boolean deleted =
          recordLocks.underLock(
              imageRef,
              () -> {
                Optional<PulledRecord> current = store.pulledRecord(imageRef);
                if (current.isEmpty() || !current.get().lastUpdated().isBefore(until)) {
                  return false;
                }
                store.writeDeferred(Update.deleteRecord(imageRef));
                return true;
              });
      pruned += deleted ? 1 : 0;
    }
    store.flush();
    return pruned;
  }

  /**
   * Removes every entry of {@code term} = {@code value} from every record that holds one, found
   * through the store's index; returns how many entries went.
   */
  int forget(IndexTerm term, String value) {
    Objects.requireNonNull(value, term.name());
    // Merges handed over before this call could otherwise re-add what is forgotten.
    merges.drain();
    int removed = 0;
    for (String imageRef : store.imageRefsWith(term, value)) {
      removed +=
          recordLocks.underLock(
              imageRef,
              () -> {
                PulledRecord current = readForReplacement(imageRef);
                if (current == null) {
                  return 0;
                }
                Optional<RecordMerge.Forgotten> forgotten =
                    RecordMerge.forget(
                        current,
                        term == IndexTerm.SECRET_UID ? value : null,
                        term == IndexTerm.SERVICE_ACCOUNT_UID ? value : null,
                        term == IndexTerm.NAMESPACE ? value : null);
                forgotten.ifPresent(
                    f ->
                        store.writeDeferred(
                            Update.putRecord(f.record().withLastUpdated(clock.instant()))));
                return forgotten.map(RecordMerge.Forgotten::removed).orElse(0);
              });
    }
    store.flush();
    return removed;
  }

  /**
   * Stores {@code records} (their hashes in the kubelet's form) and intents for {@code images}, in
   * commits of at most {@value #IMPORT_BATCH} changes: the bulk path of imports.
   */
  int importRecords(Collection<PulledRecord> records, Collection<String> images) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(images, "images");
    List<String> references = new ArrayList<>(images.size());
    for (String image : images) {
      references.add(parse(image).normalisedReference());
    }
    for (PulledRecord record : records) {
      requireImageNames(record.credentialMapping().keySet());
      requireImageNames(record.preloadedNames());
    }
    List<PulledRecord> batch = new ArrayList<>();
    for (PulledRecord record : records) {
      batch.add(record.withHashes(storedForm));
      if (batch.size() == IMPORT_BATCH) {
        writeImported(batch, List.of());
        batch = new ArrayList<>();
      }
    }
    writeImported(batch, references);
    return records.size() + references.size();
  }

  /**
   * Writes imported records and intents in one commit, holding the records' locks: a pull, a merge
   * or a forget that read one of them before must not write its old version back over the import.
   */
  private void writeImported(List<PulledRecord> records, List<String> references) {
    Update.Builder update = Update.builder();
    List<String> imageRefs = new ArrayList<>(records.size());
    for (PulledRecord record : records) {
      update.putRecord(record);
      imageRefs.add(record.imageRef());
    }
    references.forEach(update::putIntent);
    Update built = update.build();
    recordLocks.underLocks(
        imageRefs,
        () -> {
          store.write(built);
          return null;
        });
  }

  /**
   * Throws unless every one of {@code names} is an image reference: a name that is not one never
   * matches a decision, and may be a credential pasted in the wrong place.
   */
  private static void requireImageNames(Collection<String> names) {
    for (String name : names) {
      if (ImageName.tryParse(name).isEmpty()) {
        throw new IllegalArgumentException(
            "a record to import has an image name that is not a valid image reference: "
                + ImageName.describe(name));
      }
    }
  }

  private void convertIntent(String reference, String imageId) {
    intentLocks.underLock(
        reference,
        () ->
            recordLocks.underLock(
                imageId,
                () -> {
                  // A pull of unknown provenance: it creates a record, or makes a record of
                  // preloaded names one the node pulled; either way the intent's name is no longer
                  // preloaded. A record's credential entries are left alone.
                  Update.Builder update = Update.builder();
                  RecordMerge.mergePull(
                          readForReplacement(imageId),
                          imageId,
                          ImageName.parse(reference).name(),
                          null,
                          clock.instant(),
                          maxSecretsPerImage)
                      .ifPresent(update::putRecord);
                  update.deleteIntent(reference);
                  // The intent goes in the same commit as the record standing in for it, after
                  // any deferred change of that record.
                  store.write(update.build());
                  intentCounters.clear(reference);
                  return null;
                }));
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

  private boolean intentExists(String reference) {
    return intentCounters.inFlight(reference) || store.pullIntentExists(reference);
  }

  /** The normalised references of the runtime image's tags and digests; invalid ones skipped. */
  private static Set<String> referencesOf(RuntimeImage runtimeImage) {
    Set<String> references = new LinkedHashSet<>();
    for (String reference : references(runtimeImage)) {
      ImageName.tryParse(reference).ifPresent(n -> references.add(n.normalisedReference()));
    }
    return references;
  }

  private static List<String> references(RuntimeImage runtimeImage) {
    List<String> all = new ArrayList<>(runtimeImage.repoTags());
    all.addAll(runtimeImage.repoDigests());
    return all;
  }

  private CredentialSet credentialSetOf(PullCredentials credentials, Instant now) {
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
      CredentialSet.Secret stored =
          new CredentialSet.Secret(s.coordinates(), storedForm.apply(s.hash()), now);
      return CredentialSet.of(List.of(stored), List.of());
    }
    PullCredentials.ServiceAccount account = (PullCredentials.ServiceAccount) credentials;
    account.serviceAccount().requireComplete("credentials.serviceAccount");
    return CredentialSet.of(
        List.of(), List.of(new CredentialSet.ServiceAccount(account.serviceAccount(), now)));
  }

  private static ImageName parse(String image) {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    return ImageName.parse(image);
  }
}
