package dev.pullgate;

/**
 * Why a decision came out as it did; each reason implies the decision and maps to the label of the
 * kubelet's {@code kubelet_imagemanager_image_mustpull_checks_total} metric.
 */
public enum DecisionReason {
  /** The verification policy needs no credential check for this image. */
  POLICY_ALLOWED(false, "credentialPolicyAllowed"),
  /** The image name's entry says any pod on the node may use the image. */
  NODE_ACCESSIBLE(false, "credentialRecordFound"),
  /** One of the pod's secrets has a credential hash that pulled the image. */
  SECRET_HASH_MATCH(false, "credentialRecordFound"),
  /** One of the pod's secrets is a secret that pulled the image, since rotated. */
  SECRET_COORDINATES_MATCH(false, "credentialRecordFound"),
  /** The pod's service account is one that pulled the image. */
  SERVICE_ACCOUNT_MATCH(false, "credentialRecordFound"),
  /** The image was never pulled by this node with known credentials. */
  NO_RECORD(true, "mustAuthenticate"),
  /** The image was pulled, but never under this image name. */
  NO_MAPPING(true, "mustAuthenticate"),
  /** No credential of the pod matches what pulled the image. */
  NO_MATCHING_CREDENTIALS(true, "mustAuthenticate"),
  /** The matching credentials are older than the configured credential lifetime. */
  CREDENTIALS_EXPIRED(true, "mustAuthenticate"),
  /** The store could not be read; the decision fails closed. */
  STORE_ERROR(true, "error"),
  /** The image or imageRef is not valid; the decision fails closed. */
  INVALID_INPUT(true, "error"),
  /** The pod's credentials could not be obtained; the decision fails closed. */
  CREDENTIAL_LOOKUP_ERROR(true, "error");

  private final boolean mustAttemptPull;
  private final String kubeletLabel;

  DecisionReason(boolean mustAttemptPull, String kubeletLabel) {
    this.mustAttemptPull = mustAttemptPull;
    this.kubeletLabel = kubeletLabel;
  }

  /** {@return whether a decision for this reason tells the caller to attempt the pull} */
  public boolean mustAttemptPull() {
    return mustAttemptPull;
  }

  /** {@return the kubelet's metric label for this reason} */
  public String kubeletLabel() {
    return kubeletLabel;
  }
}
