package dev.pullgate;

import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The merge rules of pulled records (ENGINE-SPEC §3): how newly proven credentials enter a record,
 * how a match teaches it, how observed preloaded names enter it.
 *
 * <p>Pure: no I/O, no locks, no clock. Each method returns the record to store, or empty when
 * nothing changed (then nothing is written and the record's time stays). Hashes are in the form the
 * store keeps them (keyed or not); the caller converts.
 */
final class RecordMerge {
  private static final Comparator<CredentialSet.Secret> ACCEPTED_LONGEST_AGO =
      Comparator.comparing((CredentialSet.Secret s) -> s.acceptedAt())
          .thenComparing(s -> s.coordinates());

  private RecordMerge() {}

  /**
   * Merges the credentials of a successful pull into {@code existing}: the pull proves them now, so
   * each proven entry takes {@code now} as its acceptance time; the pulled name stops being
   * preloaded.
   *
   * @param existing the stored record for {@code imageRef}, or null
   * @param imageName the normalised image name the pull used
   * @param proven the credential set the pull proved (acceptance times {@code now}), or null for
   *     unknown provenance
   * @param maxSecrets the most secrets one entry holds; at the bound a newly proven secret replaces
   *     the one a registry accepted longest ago
   */
  static Optional<PulledRecord> mergePull(
      PulledRecord existing,
      String imageRef,
      String imageName,
      CredentialSet proven,
      Instant now,
      int maxSecrets) {
    if (existing == null) {
      return Optional.of(
          proven == null
              ? PulledRecord.withoutCredentials(imageRef, now)
              : new PulledRecord(imageRef, now, Map.of(imageName, proven)));
    }
    NavigableSet<String> preloaded = new TreeSet<>(existing.preloadedNames());
    boolean endsPreloaded = preloaded.remove(imageName);
    NavigableMap<String, CredentialSet> mapping = new TreeMap<>(existing.credentialMapping());
    if (proven != null) {
      CredentialSet current = mapping.get(imageName);
      mapping.put(imageName, current == null ? proven : union(current, proven, maxSecrets));
    }
    PulledRecord merged = new PulledRecord(imageRef, now, true, mapping, preloaded);
    return changed(existing, merged) || endsPreloaded ? Optional.of(merged) : Optional.empty();
  }

  /**
   * Merges a secret that a decision matched by hash: its new coordinates join the entry with the
   * matched entry's acceptance time (learning coordinates renews nothing), unless the entry holds
   * {@code maxSecrets} secrets already. The merge runs after the decision, against the record as it
   * is then: when that entry no longer holds the hash (an import replaced the record, a forget or a
   * rotation took the hash away), nothing is learned, since a decision now would not match.
   */
  static Optional<PulledRecord> mergeMatchedSecret(
      PulledRecord existing,
      String imageName,
      SecretCredential secret,
      Instant matchedAcceptedAt,
      int maxSecrets,
      Instant now) {
    CredentialSet current = existing.credentialsFor(imageName);
    if (current == null
        || current.isNodePodsAccessible()
        || current.secretWithHash(secret.hash()) == null
        || current.secretAt(secret.coordinates()) != null
        || current.secrets().size() >= maxSecrets) {
      return Optional.empty();
    }
    List<CredentialSet.Secret> secrets = new ArrayList<>(current.secrets());
    secrets.add(CredentialSet.Secret.of(secret, matchedAcceptedAt));
    return replaceEntry(
        existing, imageName, CredentialSet.of(secrets, current.serviceAccounts()), now);
  }

  /**
   * Stores the new hash of a secret that a decision matched by coordinates (a rotated secret). The
   * hash replaces the old one in place and keeps its acceptance time: no registry has seen the new
   * hash yet. No bound applies.
   */
  static Optional<PulledRecord> mergeRotatedSecret(
      PulledRecord existing, String imageName, SecretCredential secret, Instant now) {
    CredentialSet current = existing.credentialsFor(imageName);
    CredentialSet.Secret old = current == null ? null : current.secretAt(secret.coordinates());
    if (old == null || old.hash().equals(secret.hash())) {
      return Optional.empty();
    }
    List<CredentialSet.Secret> secrets = new ArrayList<>(current.secrets());
    secrets.remove(old);
    secrets.add(CredentialSet.Secret.of(secret, old.acceptedAt()));
    return replaceEntry(
        existing, imageName, CredentialSet.of(secrets, current.serviceAccounts()), now);
  }

  /**
   * Adds {@code names}, observed on the node for {@code imageRef} before any pull, as preloaded
   * names: to a new record, or to a record that only lists preloaded names. A record the node
   * pulled gains none: a name seen only after a pull was not preloaded.
   */
  static Optional<PulledRecord> observePreloaded(
      PulledRecord existing, String imageRef, Collection<String> names, Instant now) {
    if (names.isEmpty()) {
      return Optional.empty();
    }
    if (existing == null) {
      return Optional.of(PulledRecord.preloaded(imageRef, now, names));
    }
    if (existing.pulledByNode() || existing.preloadedNames().containsAll(names)) {
      return Optional.empty();
    }
    NavigableSet<String> preloaded = new TreeSet<>(existing.preloadedNames());
    preloaded.addAll(names);
    return Optional.of(
        new PulledRecord(imageRef, now, false, existing.credentialMapping(), preloaded));
  }

  /**
   * Removes from {@code existing} every secret whose uid is {@code secretUid}, every service
   * account whose uid is {@code accountUid}, and every secret or service account in {@code
   * namespace} (any may be null).
   *
   * @return the record without them and how many entries went, or empty when none matched
   */
  static Optional<Forgotten> forget(
      PulledRecord existing, String secretUid, String accountUid, String namespace) {
    Map<String, CredentialSet> mapping = new LinkedHashMap<>();
    int removed = 0;
    for (Map.Entry<String, CredentialSet> entry : existing.credentialMapping().entrySet()) {
      CredentialSet set = entry.getValue();
      List<CredentialSet.Secret> secrets = new ArrayList<>();
      for (CredentialSet.Secret secret : set.secrets()) {
        SecretCoordinates c = secret.coordinates();
        if (c.uid().equals(secretUid) || c.namespace().equals(namespace)) {
          removed++;
        } else {
          secrets.add(secret);
        }
      }
      List<CredentialSet.ServiceAccount> accounts = new ArrayList<>();
      for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
        ServiceAccountCoordinates c = account.coordinates();
        if (c.uid().equals(accountUid) || c.namespace().equals(namespace)) {
          removed++;
        } else {
          accounts.add(account);
        }
      }
      mapping.put(
          entry.getKey(), set.isNodePodsAccessible() ? set : CredentialSet.of(secrets, accounts));
    }
    if (removed == 0) {
      return Optional.empty();
    }
    PulledRecord forgotten =
        new PulledRecord(
            existing.imageRef(),
            existing.lastUpdated(),
            existing.pulledByNode(),
            new TreeMap<>(mapping),
            existing.preloadedNames());
    return Optional.of(new Forgotten(forgotten, removed));
  }

  /** A record with entries forgotten, and how many went. */
  record Forgotten(PulledRecord record, int removed) {}

  /**
   * Rules 3 to 5: node-accessible wins; secrets merge by coordinates, the proven one replacing
   * (with its hash and acceptance time); service accounts likewise; at {@code maxSecrets} a newly
   * proven secret replaces the one accepted longest ago.
   */
  static CredentialSet union(CredentialSet current, CredentialSet proven, int maxSecrets) {
    if (current.isNodePodsAccessible()) {
      return current;
    }
    if (proven.isNodePodsAccessible()) {
      return proven;
    }
    Map<SecretCoordinates, CredentialSet.Secret> secrets = new LinkedHashMap<>();
    for (CredentialSet.Secret s : current.secrets()) {
      secrets.put(s.coordinates(), s);
    }
    for (CredentialSet.Secret s : proven.secrets()) {
      if (!secrets.containsKey(s.coordinates()) && secrets.size() >= maxSecrets) {
        secrets.values().stream()
            .min(ACCEPTED_LONGEST_AGO)
            .ifPresent(oldest -> secrets.remove(oldest.coordinates()));
      }
      secrets.put(s.coordinates(), s);
    }
    Map<ServiceAccountCoordinates, CredentialSet.ServiceAccount> accounts = new LinkedHashMap<>();
    for (CredentialSet.ServiceAccount a : current.serviceAccounts()) {
      accounts.put(a.coordinates(), a);
    }
    for (CredentialSet.ServiceAccount a : proven.serviceAccounts()) {
      accounts.put(a.coordinates(), a);
    }
    return CredentialSet.of(secrets.values(), accounts.values());
  }

  private static Optional<PulledRecord> replaceEntry(
      PulledRecord existing, String imageName, CredentialSet merged, Instant now) {
    if (merged.equals(existing.credentialsFor(imageName))) {
      return Optional.empty();
    }
    NavigableMap<String, CredentialSet> mapping = new TreeMap<>(existing.credentialMapping());
    mapping.put(imageName, merged);
    return Optional.of(
        new PulledRecord(
            existing.imageRef(), now, existing.pulledByNode(), mapping, existing.preloadedNames()));
  }

  private static boolean changed(PulledRecord before, PulledRecord after) {
    return before.pulledByNode() != after.pulledByNode()
        || !before.credentialMapping().equals(after.credentialMapping())
        || !before.preloadedNames().equals(after.preloadedNames());
  }
}
