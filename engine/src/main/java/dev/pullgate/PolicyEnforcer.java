package dev.pullgate;

import dev.pullgate.image.ImageName;
import java.util.List;
import java.util.Objects;

/**
 * Decides, from the verification policy alone, whether an image on the node needs its pod's
 * credentials checked (ENGINE-SPEC §4, policy table). Pure: no I/O, no locks, no clock, no
 * allocation.
 */
final class PolicyEnforcer {
  private final VerificationPolicy policy;
  private final AllowlistPattern[] allowlist;

  /** An enforcer of {@code policy}; {@code allowlist} (entries as written) matters only for it. */
  PolicyEnforcer(VerificationPolicy policy, List<String> allowlist) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.allowlist =
        allowlist.stream().map(AllowlistPattern::parse).toArray(AllowlistPattern[]::new);
  }

  /**
   * Whether the pod's credentials must be verified.
   *
   * @param name the parsed image, read as its normalised name
   * @param pulledByNode whether the node pulled the image (a pulled record or an intent exists)
   */
  boolean verificationNeeded(ImageName.Cursor name, boolean pulledByNode) {
    return switch (policy) {
      case NEVER_VERIFY -> false;
      case NEVER_VERIFY_PRELOADED_IMAGES -> pulledByNode;
      case NEVER_VERIFY_ALLOWLISTED_IMAGES -> !allowlisted(name);
      case ALWAYS_VERIFY -> true;
    };
  }

  private boolean allowlisted(ImageName.Cursor name) {
    for (AllowlistPattern pattern : allowlist) {
      if (pattern.matchesNameOf(name)) {
        return true;
      }
    }
    return false;
  }
}
