package dev.pullgate;

import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import java.util.List;

/**
 * Matches a pod's credentials against the credentials a record holds for one image name
 * (ENGINE-SPEC §4, steps 9 to 11). Pure: no I/O, no locks, no clock; lookups use the set's indexes,
 * so the cost does not grow with the number of stored secrets.
 */
public final class CredentialMatcher {
  private CredentialMatcher() {}

  /**
   * The first match among the pod's secrets (by hash, else by coordinates, secret by secret), else
   * its service account.
   *
   * @param entry the record's non-empty, not node-accessible set for the image name
   * @param podSecrets the pod's secrets that apply to the image
   * @param podServiceAccount the pod's service account, or null
   */
  public static CredentialMatch match(
      CredentialSet entry,
      List<SecretCredential> podSecrets,
      ServiceAccountCoordinates podServiceAccount) {
    for (int i = 0, n = podSecrets.size(); i < n; i++) {
      SecretCredential podSecret = podSecrets.get(i);
      if (entry.secretWithHash(podSecret.hash()) != null) {
        boolean learnCoordinates =
            podSecret.coordinates().isComplete() && entry.secretAt(podSecret.coordinates()) == null;
        return learnCoordinates
            ? new CredentialMatch(DecisionReason.SECRET_HASH_MATCH, podSecret)
            : CredentialMatch.KNOWN_HASH;
      }
      if (!podSecret.hash().isEmpty() && entry.secretAt(podSecret.coordinates()) != null) {
        return new CredentialMatch(DecisionReason.SECRET_COORDINATES_MATCH, podSecret);
      }
    }
    if (podServiceAccount != null && entry.containsServiceAccount(podServiceAccount)) {
      return CredentialMatch.SERVICE_ACCOUNT;
    }
    return CredentialMatch.NONE;
  }
}
