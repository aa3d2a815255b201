package dev.pullgate;

import dev.pullgate.image.ImageName;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * When an image already on the node needs its pod's credentials verified; the names are the
 * kubelet's {@code imagePullCredentialsVerificationPolicy} values.
 */
public enum VerificationPolicy {
  /** Never verify: any pod may use any image on the node (the behaviour before KEP-2535). */
  NEVER_VERIFY("NeverVerify"),
  /** Verify only images that this node pulled; images preloaded some other way are trusted. */
  NEVER_VERIFY_PRELOADED_IMAGES("NeverVerifyPreloadedImages"),
  /** Verify every image whose name does not match the allowlist. */
  NEVER_VERIFY_ALLOWLISTED_IMAGES("NeverVerifyAllowlistedImages"),
  /** Verify every image. */
  ALWAYS_VERIFY("AlwaysVerify");

  private final String kubeletName;

  VerificationPolicy(String kubeletName) {
    this.kubeletName = kubeletName;
  }

  /** {@return the kubelet's configuration value for this policy} */
  public String kubeletName() {
    return kubeletName;
  }

  /**
   * The policy named {@code name}, which is either the kubelet's value as written ({@code
   * NeverVerifyPreloadedImages}) or this enum's constant name.
   *
   * @param name the kubelet's value or the constant's name
   * @return the policy
   * @throws IllegalArgumentException naming the accepted values when nothing matches
   */
  public static VerificationPolicy fromName(String name) {
    for (VerificationPolicy policy : values()) {
      if (policy.kubeletName.equals(name) || policy.name().equals(name)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown verification policy "
            + ImageName.describe(name)
            + ", expected one of "
            + Arrays.stream(values())
                .map(VerificationPolicy::kubeletName)
                .collect(Collectors.joining(", ")));
  }
}
