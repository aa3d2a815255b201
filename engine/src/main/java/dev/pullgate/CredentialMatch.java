package dev.pullgate;

import dev.pullgate.credential.SecretCredential;

/**
 * What matching a pod's credentials against a record's entry found: the reason of the decision and,
 * when the record should learn from it, the secret to merge.
 *
 * <p>Matches that teach the record nothing are shared constants, so the common case allocates
 * nothing.
 *
 * @param reason {@code SECRET_HASH_MATCH}, {@code SECRET_COORDINATES_MATCH}, {@code
 *     SERVICE_ACCOUNT_MATCH} or {@code NO_MATCHING_CREDENTIALS}
 * @param toMerge for a hash match, new coordinates to add; for a coordinates match, the rotated
 *     secret with its new hash; otherwise null
 */
public record CredentialMatch(DecisionReason reason, SecretCredential toMerge) {
  /** No credential of the pod matches. */
  public static final CredentialMatch NONE =
      new CredentialMatch(DecisionReason.NO_MATCHING_CREDENTIALS, null);

  /** A secret matched by hash whose coordinates the entry already holds. */
  public static final CredentialMatch KNOWN_HASH =
      new CredentialMatch(DecisionReason.SECRET_HASH_MATCH, null);

  /** The pod's service account matched. */
  public static final CredentialMatch SERVICE_ACCOUNT =
      new CredentialMatch(DecisionReason.SERVICE_ACCOUNT_MATCH, null);

  /** Whether the pod may use the image. */
  public boolean granted() {
    return reason != DecisionReason.NO_MATCHING_CREDENTIALS;
  }
}
