package dev.pullgate;

import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merge rules of pulled records (ENGINE-SPEC §3): how newly proven credentials enter a record.
 *
 * <p>Pure: no I/O, no locks, no clock. Each method returns the record to store, or empty when
 * nothing changed (then nothing is written and the record's time stays).
 */
public final class RecordMerge {
  private RecordMerge() {}

  /**
   * Merges the credentials of a successful pull into {@code existing}.
   *
   * @param existing the stored record for {@code imageRef}, or null
   * @param imageName the normalised image name the pull used
   * @param proven the credential set the pull proved, or null for unknown provenance
   * @param now the time to stamp a changed record with
   */
  public static Optional<PulledRecord> mergePull(
      PulledRecord existing, String imageRef, String imageName, CredentialSet proven, Instant now) {
    if (proven == null) {
      return existing == null
          ? Optional.of(PulledRecord.withoutCredentials(imageRef, now))
          : Optional.empty();
    }
    if (existing == null) {
      return Optional.of(new PulledRecord(imageRef, now, Map.of(imageName, proven)));
    }
    CredentialSet current = existing.credentialsFor(imageName);
    CredentialSet merged = current == null ? proven : union(current, proven);
    return replaceEntry(existing, imageName, current, merged, now);
  }

  /**
   * Merges a secret that a decision matched by hash: its coordinates join the entry unless they are
   * known already or the entry holds {@code maxSecrets} secrets.
   */
  public static Optional<PulledRecord> mergeMatchedSecret(
      PulledRecord existing,
      String imageName,
      SecretCredential secret,
      int maxSecrets,
      Instant now) {
    CredentialSet current = existing.credentialsFor(imageName);
    if (current == null
        || current.isNodePodsAccessible()
        || current.secretAt(secret.coordinates()) != null
        || current.secrets().size() >= maxSecrets) {
      return Optional.empty();
    }
    return replaceEntry(existing, imageName, current, withSecret(current, secret), now);
  }

  /**
   * Stores the new hash of a secret that a decision matched by coordinates (a rotated secret). The
   * hash replaces the old one in place, so no bound applies.
   */
  public static Optional<PulledRecord> mergeRotatedSecret(
      PulledRecord existing, String imageName, SecretCredential secret, Instant now) {
    CredentialSet current = existing.credentialsFor(imageName);
    if (current == null || current.isNodePodsAccessible()) {
      return Optional.empty();
    }
    return replaceEntry(existing, imageName, current, withSecret(current, secret), now);
  }

  /** Rules 3 to 5: node-accessible wins; secrets merge by coordinates; accounts as a set. */
  static CredentialSet union(CredentialSet current, CredentialSet proven) {
    if (current.isNodePodsAccessible()) {
      return current;
    }
    if (proven.isNodePodsAccessible()) {
      return proven;
    }
    Map<SecretCoordinates, SecretCredential> secrets = new HashMap<>();
    for (SecretCredential s : current.secrets()) {
      secrets.put(s.coordinates(), s);
    }
    for (SecretCredential s : proven.secrets()) {
      secrets.put(s.coordinates(), s);
    }
    Set<ServiceAccountCoordinates> accounts = new LinkedHashSet<>(current.serviceAccounts());
    accounts.addAll(proven.serviceAccounts());
    return CredentialSet.of(secrets.values(), accounts);
  }

  private static CredentialSet withSecret(CredentialSet current, SecretCredential secret) {
    List<SecretCredential> secrets = new ArrayList<>(current.secrets().size() + 1);
    secrets.addAll(current.secrets());
    secrets.add(secret);
    return CredentialSet.of(secrets, current.serviceAccounts());
  }

  private static Optional<PulledRecord> replaceEntry(
      PulledRecord existing,
      String imageName,
      CredentialSet current,
      CredentialSet merged,
      Instant now) {
    if (merged.equals(current)) {
      return Optional.empty();
    }
    Map<String, CredentialSet> mapping = new HashMap<>(existing.credentialMapping());
    mapping.put(imageName, merged);
    return Optional.of(new PulledRecord(existing.imageRef(), now, mapping));
  }
}
