package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.PullGateConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parsing of what the policies beyond the kubelet add to a trace: the {@code forget} and {@code
 * preloaded} ops, {@code expectRecord}'s {@code preloadedNames}, and the config's {@code
 * credentialMaxAge}, {@code preloadedMode} and {@code keyedHashes}.
 */
class TraceParserPolicyOpsTest {
  private static final String REF = "sha256:" + "1".repeat(64);

  @Test
  void parse_forget_eachKindWithAndWithoutExpectation() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"forget\",\"secretUid\":\"7d3f0c4e-8a51\",\"expectRemoved\":2}",
                "{\"op\":\"forget\",\"serviceAccountUid\":\"sa-uid\"}",
                "{\"op\":\"forget\",\"namespace\":\"team-a\",\"expectRemoved\":0}"));

    assertThat(trace.ops())
        .containsExactly(
            new TraceOp.Forget(1, TraceOp.Forgotten.SECRET, "7d3f0c4e-8a51", 2),
            new TraceOp.Forget(2, TraceOp.Forgotten.SERVICE_ACCOUNT, "sa-uid", null),
            new TraceOp.Forget(3, TraceOp.Forgotten.NAMESPACE, "team-a", 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"forget\"}",
        "{\"op\":\"forget\",\"secretUid\":\"a\",\"namespace\":\"b\"}",
        "{\"op\":\"forget\",\"secretUid\":\"a\",\"serviceAccountUid\":\"b\",\"namespace\":\"c\"}"
      })
  void parse_forgetWithoutExactlyOneTarget_isRejected(String line) {
    assertThatThrownBy(() -> TraceParser.parse(List.of(line)))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage(
            "line 1: forget needs exactly one of 'secretUid', 'serviceAccountUid' and"
                + " 'namespace'");
  }

  @Test
  void parse_forgetOfAMalformedUid_namesTheFieldNotTheValue() {
    assertThatThrownBy(
            () ->
                TraceParser.parse(
                    List.of("{\"op\":\"forget\",\"secretUid\":\"hunter2 password\"}")))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage(
            "line 1: field 'secretUid' must be 1 to 128 printable ASCII characters without"
                + " whitespace")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void parse_forgetOfAnEmptyUidOrAMalformedNamespace_isRejected() {
    assertThatThrownBy(
            () -> TraceParser.parse(List.of("{\"op\":\"forget\",\"serviceAccountUid\":\"\"}")))
        .hasMessageStartingWith("line 1: field 'serviceAccountUid' must be 1 to 128");
    assertThatThrownBy(
            () -> TraceParser.parse(List.of("{\"op\":\"forget\",\"namespace\":\"Team_A\"}")))
        .hasMessageStartingWith("line 1: field 'namespace' must be a DNS-1123 label")
        .hasMessageNotContaining("Team_A");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "1e2", "\"2\"", "2147483648", "null"})
  void parse_expectRemovedThatIsNotACount_isRejected(String value) {
    assertThatThrownBy(
            () ->
                TraceParser.parse(
                    List.of(
                        "{\"op\":\"forget\",\"namespace\":\"team-a\",\"expectRemoved\":"
                            + value
                            + "}")))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageStartingWith("line 1: field 'expectRemoved' must be a whole number");
  }

  @Test
  void parse_preloaded_keepsTheRuntimeImages() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"preloaded\",\"runtimeImages\":[{\"id\":\""
                    + REF
                    + "\",\"repoTags\":[\"busybox:1.36\"],\"repoDigests\":[]}]}"));

    TraceOp.Preloaded preloaded = (TraceOp.Preloaded) trace.ops().get(0);
    assertThat(preloaded.runtimeImages()).hasSize(1);
    assertThat(preloaded.runtimeImages().get(0).id()).isEqualTo(REF);
    assertThat(preloaded.runtimeImages().get(0).repoTags()).containsExactly("busybox:1.36");
  }

  @Test
  void parse_preloadedWithoutRuntimeImages_isRejected() {
    assertThatThrownBy(() -> TraceParser.parse(List.of("{\"op\":\"preloaded\"}")))
        .hasMessage("line 1: field 'runtimeImages' is missing");
  }

  @Test
  void parse_expectRecordPreloadedNames_areKeptApartFromImageNames() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"expectRecord\",\"imageRef\":\""
                    + REF
                    + "\",\"exists\":true,\"preloadedNames\":[\"docker.io/library/busybox\"]}"));

    TraceOp.ExpectRecord expect = (TraceOp.ExpectRecord) trace.ops().get(0);
    assertThat(expect.imageNames()).isNull();
    assertThat(expect.preloadedNames()).containsExactly("docker.io/library/busybox");
  }

  @Test
  void parse_expectRecordPreloadedNamesOfNoRecord_isRejected() {
    assertThatThrownBy(
            () ->
                TraceParser.parse(
                    List.of(
                        "{\"op\":\"expectRecord\",\"imageRef\":\""
                            + REF
                            + "\",\"exists\":false,\"preloadedNames\":[]}")))
        .hasMessage("line 1: field 'preloadedNames' makes no sense with \"exists\": false");
  }

  @Test
  void parse_configPolicyFields_setTheEngineProperties() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"config\",\"credentialMaxAge\":\"P30D\",\"preloadedMode\":\"observed\","
                    + "\"keyedHashes\":true}"));

    assertThat(trace.config().credentialMaxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(trace.config().preloadedMode()).isEqualTo(PullGateConfig.PreloadedMode.OBSERVED);
    assertThat(trace.keyedHashes()).isTrue();
    assertThat(trace.config().hashKey()).isNull();
  }

  @Test
  void parse_withoutConfig_keepsTheKubeletsHashesAndInferredMode() throws Exception {
    Trace trace = TraceParser.parse(List.of("{\"op\":\"config\",\"keyedHashes\":false}"));

    assertThat(trace.keyedHashes()).isFalse();
    assertThat(trace.config().preloadedMode()).isEqualTo(PullGateConfig.PreloadedMode.INFERRED);
    assertThat(trace.config().credentialMaxAge()).isZero();
  }

  @Test
  void parse_fieldAlsoSetAsProperty_isRejectedAsAmbiguous() {
    assertThatThrownBy(
            () ->
                TraceParser.parse(
                    List.of(
                        "{\"op\":\"config\",\"preloadedMode\":\"observed\","
                            + "\"properties\":{\"pullgate.preloaded.mode\":\"inferred\"}}")))
        .hasMessage(
            "line 1: field 'preloadedMode' is also set as property pullgate.preloaded.mode");
  }

  @Test
  void parse_hashKeyProperty_isRejected_aTraceNeverNamesAKeyFile() {
    assertThatThrownBy(
            () ->
                TraceParser.parse(
                    List.of(
                        "{\"op\":\"config\",\"properties\":"
                            + "{\"pullgate.credentials.hashKey\":\"/etc/pullgate/key\"}}")))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("pullgate.credentials.hashKey' names a key file")
        .hasMessageContaining("\"keyedHashes\": true")
        .hasMessageNotContaining("/etc/pullgate/key");
  }

  @Test
  void parse_badPreloadedModeOrMaxAge_isAnInvalidConfig() {
    assertThatThrownBy(
            () -> TraceParser.parse(List.of("{\"op\":\"config\",\"preloadedMode\":\"guessed\"}")))
        .hasMessageStartingWith("line 1: invalid config: pullgate.preloaded.mode");
    assertThatThrownBy(
            () -> TraceParser.parse(List.of("{\"op\":\"config\",\"credentialMaxAge\":\"-P1D\"}")))
        .hasMessageStartingWith("line 1: invalid config: pullgate.credentials.maxAge");
    assertThatThrownBy(
            () -> TraceParser.parse(List.of("{\"op\":\"config\",\"keyedHashes\":\"yes\"}")))
        .hasMessage("line 1: field 'keyedHashes' must be a boolean, was a string");
  }

  @Test
  void parse_unknownOp_listsTheNewOps() {
    assertThatThrownBy(() -> TraceParser.parse(List.of("{\"op\":\"remember\"}")))
        .hasMessageContaining("preloaded, forget, expectRecord");
  }
}
