package dev.pullgate;

import dev.pullgate.image.AllowlistPattern;
import java.util.List;
import java.util.Objects;

/**
 * Decides, from the verification policy alone, whether an image on the node needs its pod's
 * credentials checked (ENGINE-SPEC §4, policy table). Pure: no I/O, no locks, no clock.
 */
public final class PolicyEnforcer {
  private final VerificationPolicy policy;
  private final AllowlistPattern[] allowlist;

  /** An enforcer of {@code policy}; {@code allowlist} matters only for the allowlist policy. */
  public PolicyEnforcer(VerificationPolicy policy, List<AllowlistPattern> allowlist) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.allowlist = allowlist.toArray(new AllowlistPattern[0]);
  }

  /**
   * Whether the pod's credentials must be verified.
   *
   * @param imageName the normalised image name
   * @param pulledByNode whether a pulled record or a pull intent exists for the image
   */
  public boolean verificationNeeded(String imageName, boolean pulledByNode) {
    return switch (policy) {
      case NEVER_VERIFY -> false;
      case NEVER_VERIFY_PRELOADED_IMAGES -> pulledByNode;
      case NEVER_VERIFY_ALLOWLISTED_IMAGES -> !allowlisted(imageName);
      case ALWAYS_VERIFY -> true;
    };
  }

  /** The policy this enforcer applies. */
  public VerificationPolicy policy() {
    return policy;
  }

  private boolean allowlisted(String imageName) {
    for (AllowlistPattern pattern : allowlist) {
      if (pattern.matches(imageName)) {
        return true;
      }
    }
    return false;
  }
}
