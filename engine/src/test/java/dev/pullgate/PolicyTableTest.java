package dev.pullgate;

import static dev.pullgate.VerificationPolicy.ALWAYS_VERIFY;
import static dev.pullgate.VerificationPolicy.NEVER_VERIFY;
import static dev.pullgate.VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES;
import static dev.pullgate.VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every row of the policy table (ENGINE-SPEC §4) against each state an image can be in: preloaded,
 * with a pull in flight, or pulled with a secret the pod lacks; allowlisted or not.
 */
class PolicyTableTest {
  static final String ALLOWED_IMAGE = "registry.example/trusted/app:v1";
  static final String OTHER_IMAGE = "other.example/team/app:v1";
  static final String REF = "sha256:" + "2".repeat(64);

  @ParameterizedTest(name = "{0}, {1}, allowlisted={2} -> {3}")
  @CsvSource({
    "NeverVerify,                  preloaded, false, POLICY_ALLOWED",
    "NeverVerify,                  intent,    false, POLICY_ALLOWED",
    "NeverVerify,                  pulled,    false, POLICY_ALLOWED",
    "NeverVerifyPreloadedImages,   preloaded, false, POLICY_ALLOWED",
    "NeverVerifyPreloadedImages,   intent,    false, NO_RECORD",
    "NeverVerifyPreloadedImages,   pulled,    false, NO_MATCHING_CREDENTIALS",
    "NeverVerifyAllowlistedImages, preloaded, true,  POLICY_ALLOWED",
    "NeverVerifyAllowlistedImages, intent,    true,  POLICY_ALLOWED",
    "NeverVerifyAllowlistedImages, pulled,    true,  POLICY_ALLOWED",
    "NeverVerifyAllowlistedImages, preloaded, false, NO_RECORD",
    "NeverVerifyAllowlistedImages, intent,    false, NO_RECORD",
    "NeverVerifyAllowlistedImages, pulled,    false, NO_MATCHING_CREDENTIALS",
    "AlwaysVerify,                 preloaded, false, NO_RECORD",
    "AlwaysVerify,                 intent,    false, NO_RECORD",
    "AlwaysVerify,                 pulled,    false, NO_MATCHING_CREDENTIALS",
  })
  void policy(String policy, String state, boolean allowlisted, DecisionReason expected) {
    VerificationPolicy verificationPolicy = VerificationPolicy.fromName(policy);
    PullGateConfig.Builder config =
        PullGateConfig.builder()
            .storeKind(PullGateConfig.StoreKind.MEMORY)
            .policy(verificationPolicy);
    if (verificationPolicy == NEVER_VERIFY_ALLOWLISTED_IMAGES) {
      config.allowlist(List.of("registry.example/trusted/*"));
    }
    String image = allowlisted ? ALLOWED_IMAGE : OTHER_IMAGE;
    try (PullGate gate = PullGate.open(config.build(), new TestClock())) {
      switch (state) {
        case "intent" -> gate.recordPullIntent(image);
        case "pulled" -> {
          gate.recordPullIntent(image);
          gate.recordImagePulled(
              image, REF, PullCredentials.secret(secret("team-a", "regcred", 1)));
        }
        default -> {}
      }
      PullDecision decision = gate.mustAttemptImagePull(image, REF, PodCredentials.none());
      assertThat(decision.reason()).isEqualTo(expected);
    }
  }

  @Test
  void everyPolicy_isCoveredByTheTable() {
    assertThat(VerificationPolicy.values())
        .containsExactlyInAnyOrder(
            NEVER_VERIFY,
            NEVER_VERIFY_PRELOADED_IMAGES,
            NEVER_VERIFY_ALLOWLISTED_IMAGES,
            ALWAYS_VERIFY);
  }
}
