package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.DecisionReason;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PullCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of whole traces into a configuration and ops. */
class TraceParserTest {
  private static final String REF = "sha256:" + "1".repeat(64);

  @Test
  void parse_commentsAndBlankLines_areSkippedAndLinesKeepTheirNumbers() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "# comment",
                "   // indented comment",
                "",
                "  {\"op\":\"intent\",\"image\":\"nginx\"}  ",
                "{\"op\":\"failed\",\"image\":\"nginx\"}"));

    assertThat(trace.ops()).extracting(TraceOp::line).containsExactly(4, 5);
    assertThat(trace.ops()).extracting(TraceOp::name).containsExactly("intent", "failed");
  }

  @Test
  void parse_withoutConfig_usesEngineDefaults() throws Exception {
    Trace trace = TraceParser.parse(List.of());

    assertThat(trace.config().policy()).isEqualTo(VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES);
    assertThat(trace.config().allowlist()).isEmpty();
  }

  @Test
  void parse_configFieldsAndProperties_buildTheEngineConfig() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"config\",\"policy\":\"NeverVerifyAllowlistedImages\","
                    + "\"allowlist\":[\"registry.example/*\"],"
                    + "\"properties\":{\"pullgate.record.maxSecretsPerImage\":\"7\"}}"));

    assertThat(trace.config().policy())
        .isEqualTo(VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES);
    assertThat(trace.config().allowlist()).hasToString("[registry.example/*]");
    assertThat(trace.config().maxSecretsPerImage()).isEqualTo(7);
  }

  @Test
  void parse_policyAsFieldAndProperty_isRejectedAsAmbiguous() {
    assertThatThrownBy(
            () ->
                TraceParser.parse(
                    List.of(
                        "{\"op\":\"config\",\"policy\":\"AlwaysVerify\","
                            + "\"properties\":{\"pullgate.policy\":\"NeverVerify\"}}")))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("line 1: field 'policy' is also set as property pullgate.policy");
  }

  @Test
  void parse_unknownPolicy_namesTheAcceptedValues() {
    assertThatThrownBy(
            () -> TraceParser.parse(List.of("{\"op\":\"config\",\"policy\":\"Sometimes\"}")))
        .hasMessageContaining("field 'policy' must be one of NeverVerify,")
        .hasMessageContaining("AlwaysVerify");
  }

  @Test
  void parse_check_keepsSecretsAsHashesAndTheExpectation() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"check\",\"image\":\"nginx\",\"imageRef\":\""
                    + REF
                    + "\",\"secrets\":[{\"namespace\":\"a\",\"name\":\"b\",\"uid\":\"c\","
                    + "\"auth\":{\"username\":\"user\",\"password\":\"pass\"}}],"
                    + "\"serviceAccount\":{\"namespace\":\"a\",\"name\":\"sa\",\"uid\":\"d\"},"
                    + "\"reason\":\"SECRET_HASH_MATCH\"}"));

    TraceOp.Check check = (TraceOp.Check) trace.ops().get(0);
    assertThat(check.secrets()).hasSize(1);
    assertThat(check.secrets().get(0).hash())
        .isEqualTo(
            CredentialHash.fromHex(
                "cb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032a"));
    assertThat(check.serviceAccount().name()).isEqualTo("sa");
    assertThat(check.expectPull()).isNull();
    assertThat(check.reason()).isEqualTo(DecisionReason.SECRET_HASH_MATCH);
  }

  @Test
  void parse_pulledCredentials_eachVariant() throws Exception {
    String prefix = "{\"op\":\"pulled\",\"image\":\"nginx\",\"imageRef\":\"" + REF + "\"";
    Trace trace =
        TraceParser.parse(
            List.of(
                prefix + "}",
                prefix + ",\"credentials\":null}",
                prefix + ",\"credentials\":{\"nodePodsAccessible\":true}}",
                prefix
                    + ",\"credentials\":{\"secret\":{\"namespace\":\"a\",\"name\":\"b\","
                    + "\"uid\":\"c\",\"credentialHash\":\""
                    + "ab".repeat(32)
                    + "\"}}}",
                prefix
                    + ",\"credentials\":{\"serviceAccount\":{\"namespace\":\"a\",\"name\":\"b\","
                    + "\"uid\":\"c\"}}}"));

    assertThat(trace.ops())
        .map(op -> ((TraceOp.Pulled) op).credentials())
        .satisfiesExactly(
            c -> assertThat(c).isNull(),
            c -> assertThat(c).isNull(),
            c -> assertThat(c).isEqualTo(PullCredentials.nodePodsAccessible()),
            c -> assertThat(c).isInstanceOf(PullCredentials.Secret.class),
            c -> assertThat(c).isInstanceOf(PullCredentials.ServiceAccount.class));
  }

  @Test
  void parse_clock_readsInstantsWithOffsetsAndDurations() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"clock\",\"now\":\"2026-03-01T12:00:00+02:00\"}",
                "{\"op\":\"clock\",\"advance\":\"P30D\"}"));

    assertThat(((TraceOp.Clock) trace.ops().get(0)).now())
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(((TraceOp.Clock) trace.ops().get(1)).advance()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void parse_pruneWithoutUntil_leavesItToTheClock() throws Exception {
    Trace trace = TraceParser.parse(List.of("{\"op\":\"prune\",\"keep\":[\"" + REF + "\"]}"));

    TraceOp.Prune prune = (TraceOp.Prune) trace.ops().get(0);
    assertThat(prune.keep()).containsExactly(REF);
    assertThat(prune.until()).isNull();
  }
}
