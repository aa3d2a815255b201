package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table of ENGINE-SPEC §6: each reason's decision and its kubelet metric label. */
class DecisionReasonTest {

  @ParameterizedTest(name = "{0} -> {1}, {2}")
  @CsvSource({
    "POLICY_ALLOWED,           use,  credentialPolicyAllowed",
    "NODE_ACCESSIBLE,          use,  credentialRecordFound",
    "SECRET_HASH_MATCH,        use,  credentialRecordFound",
    "SECRET_COORDINATES_MATCH, use,  credentialRecordFound",
    "SERVICE_ACCOUNT_MATCH,    use,  credentialRecordFound",
    "NO_RECORD,                pull, mustAuthenticate",
    "NO_MAPPING,               pull, mustAuthenticate",
    "NO_MATCHING_CREDENTIALS,  pull, mustAuthenticate",
    "CREDENTIALS_EXPIRED,      pull, mustAuthenticate",
    "STORE_ERROR,              pull, error",
    "INVALID_INPUT,            pull, error",
    "CREDENTIAL_LOOKUP_ERROR,  pull, error",
  })
  void reason_mapsToItsDecisionAndKubeletLabel(
      DecisionReason reason, String decision, String kubeletLabel) {
    assertThat(reason.mustAttemptPull()).isEqualTo(decision.equals("pull"));
    assertThat(reason.kubeletLabel()).isEqualTo(kubeletLabel);
    PullDecision shared = PullDecision.of(reason);
    assertThat(shared.reason()).isEqualTo(reason);
    assertThat(shared.mustAttemptPull()).isEqualTo(reason.mustAttemptPull());
    assertThat(shared).isSameAs(PullDecision.of(reason));
    assertThat(shared.toString()).startsWith(decision + " (" + reason + ")");
  }

  @Test
  void table_coversEveryReason() {
    assertThat(DecisionReason.values()).hasSize(12);
    assertThat(Arrays.stream(DecisionReason.values()).filter(DecisionReason::mustAttemptPull))
        .hasSize(7);
  }
}
