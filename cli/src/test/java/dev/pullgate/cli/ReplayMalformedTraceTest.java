package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed trace stops {@code pullgate replay} with exit status 2 and a message on standard
 * error naming the line and the field, before any line of the trace runs.
 */
class ReplayMalformedTraceTest {
  private static final String REF = "sha256:" + "1".repeat(64);

  /** A check that would print a finding line if anything ran. */
  private static final String CHECK =
      "{\"op\":\"check\",\"image\":\"nginx\",\"imageRef\":\"" + REF + "\"}";

  @TempDir Path dir;

  static Stream<Arguments> malformedLines() {
    return Stream.of(
        Arguments.of(
            "unknown op", "{\"op\":\"frobnicate\"}", "field 'op' names no op ('frobnicate')"),
        Arguments.of(
            "unknown field",
            "{\"op\":\"intent\",\"image\":\"nginx\",\"colour\":\"red\"}",
            "unknown field 'colour'"),
        Arguments.of(
            "missing field",
            "{\"op\":\"check\",\"image\":\"nginx\"}",
            "field 'imageRef' is missing"),
        Arguments.of("missing op", "{\"image\":\"nginx\"}", "field 'op' is missing"),
        Arguments.of(
            "wrong type",
            "{\"op\":\"expectIntent\",\"image\":\"nginx\",\"exists\":\"yes\"}",
            "field 'exists' must be a boolean, was a string"),
        Arguments.of(
            "null where a string is needed",
            "{\"op\":\"intent\",\"image\":null}",
            "field 'image' must be a string, was null"),
        Arguments.of(
            "nested missing field",
            "{\"op\":\"check\",\"image\":\"nginx\",\"imageRef\":\"x\",\"secrets\":[{\"namespace\":"
                + "\"a\",\"name\":\"b\",\"credentialHash\":\""
                + "0".repeat(64)
                + "\"}]}",
            "field 'secrets[0].uid' is missing"),
        Arguments.of(
            "nested unknown field",
            "{\"op\":\"pulled\",\"image\":\"nginx\",\"imageRef\":\"x\",\"credentials\":"
                + "{\"serviceAccount\":{\"namespace\":\"a\",\"name\":\"b\",\"uid\":\"c\",\"x\":1}}}",
            "an unknown field inside 'credentials.serviceAccount'"),
        Arguments.of("bad JSON", "{\"op\":\"intent\",", "not valid JSON"),
        Arguments.of("not an object", "[1,2]", "the line must be a JSON object, was an array"),
        Arguments.of(
            "two objects on a line",
            "{\"op\":\"failed\",\"image\":\"a\"} {\"op\":\"failed\",\"image\":\"b\"}",
            "not valid JSON"),
        Arguments.of(
            "duplicate field",
            "{\"op\":\"intent\",\"image\":\"a\",\"image\":\"b\"}",
            "duplicate field 'image'"),
        Arguments.of(
            "config after another op", "{\"op\":\"config\"}", "config must come before every"),
        Arguments.of(
            "secret with both auth and hash",
            "{\"op\":\"check\",\"image\":\"nginx\",\"imageRef\":\"x\",\"secrets\":[{\"namespace\":"
                + "\"a\",\"name\":\"b\",\"uid\":\"c\",\"auth\":{},\"credentialHash\":\""
                + "0".repeat(64)
                + "\"}]}",
            "field 'secrets[0]' must have exactly one of 'auth' and 'credentialHash'"),
        Arguments.of(
            "reason contradicting expect",
            "{\"op\":\"check\",\"image\":\"nginx\",\"imageRef\":\"x\",\"expect\":\"use\","
                + "\"reason\":\"NO_RECORD\"}",
            "field 'reason' NO_RECORD means pull, but 'expect' says use"),
        Arguments.of(
            "unknown reason",
            "{\"op\":\"check\",\"image\":\"nginx\",\"imageRef\":\"x\",\"reason\":\"MAYBE\"}",
            "field 'reason' must be a DecisionReason name"),
        Arguments.of(
            "clock with both now and advance",
            "{\"op\":\"clock\",\"now\":\"2026-01-01T00:00:00Z\",\"advance\":\"PT1H\"}",
            "exactly one of 'now' and 'advance'"),
        Arguments.of(
            "bad instant",
            "{\"op\":\"clock\",\"now\":\"yesterday\"}",
            "field 'now' must be an RFC"),
        Arguments.of(
            "negative advance",
            "{\"op\":\"clock\",\"advance\":\"-PT1H\"}",
            "field 'advance' must not be negative"),
        Arguments.of(
            "advance beyond the last instant",
            "{\"op\":\"clock\",\"advance\":\"P1000000000000D\"}",
            "field 'advance' moves the clock past the last instant"),
        Arguments.of(
            "runtime image without repoDigests",
            "{\"op\":\"restart\",\"runtimeImages\":[{\"id\":\"x\",\"repoTags\":[]}]}",
            "field 'runtimeImages[0].repoDigests' is missing"),
        Arguments.of(
            "imageNames with exists false",
            "{\"op\":\"expectRecord\",\"imageRef\":\"x\",\"exists\":false,\"imageNames\":[]}",
            "field 'imageNames' makes no sense"),
        Arguments.of(
            "nodePodsAccessible false",
            "{\"op\":\"pulled\",\"image\":\"a\",\"imageRef\":\"x\",\"credentials\":"
                + "{\"nodePodsAccessible\":false}}",
            "field 'credentials.nodePodsAccessible' must be true"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedLines")
  void replay_malformedLine_exits2NamingLineAndFieldBeforeRunningAnything(
      String name, String malformed, String message) throws IOException {
    Path trace = write("# a comment", "", CHECK, malformed, CHECK);

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 4: ").contains(message);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void replay_secondConfig_exits2() throws IOException {
    Path trace = write("{\"op\":\"config\"}", "// another comment style", "{\"op\":\"config\"}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 3: a trace has at most one config op");
  }

  @Test
  void replay_invalidConfig_exits2WithTheEngineMessage() throws IOException {
    Path trace = write("{\"op\":\"config\",\"allowlist\":[\"registry.example/*\"]}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("line 1: invalid config: ")
        .contains("only valid with pullgate.policy=NeverVerifyAllowlistedImages");
  }

  @Test
  void replay_storeChosenByTrace_exits2() throws IOException {
    Path trace = write("{\"op\":\"config\",\"properties\":{\"pullgate.store\":\"memory\"}}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 1: field 'properties.pullgate.store' is chosen by");
  }

  @Test
  void replay_unknownPropertyKey_exits2NamingTheKey() throws IOException {
    Path trace = write("{\"op\":\"config\",\"properties\":{\"pullgate.polcy\":\"AlwaysVerify\"}}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("line 1: field 'properties' has an unknown key 'pullgate.polcy'; it may hold");
  }

  @Test
  void replay_invalidUtf8_exits2NamingTheLine() throws IOException {
    Path trace = dir.resolve("bad-utf8.trace");
    byte[] good = (CHECK + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'{', '"', (byte) 0xC3, (byte) 0x28, '}', '\n'};
    Files.write(trace, concat(good, bad));

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 2: not valid UTF-8");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void replay_malformedLines_neverEchoCredentials() throws IOException {
    String password = "hunter2-do-not-print";
    String[] lines = {
      // Broken JSON inside the auth object.
      "{\"op\":\"check\",\"image\":\"a\",\"imageRef\":\"x\",\"secrets\":[{\"auth\":{\"password\":\""
          + password
          + "}]}",
      // A bare token where a value belongs.
      "{\"op\":\"check\",\"image\":" + password + "}",
      // A credential hash that is not one.
      "{\"op\":\"check\",\"image\":\"a\",\"imageRef\":\"x\",\"secrets\":[{\"namespace\":\"a\","
          + "\"name\":\"b\",\"uid\":\"c\",\"credentialHash\":\""
          + password
          + "\"}]}",
      // An unknown field whose name is the secret.
      "{\"op\":\"intent\",\"image\":\"a\",\"" + password + " x\":1}"
    };
    for (String line : lines) {
      CliRun run = CliRun.of("replay", write(line).toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("line 1").doesNotContain(password).doesNotContain("hunter2");
    }
  }

  @Test
  void replay_unknownFieldInsideAuth_exits2WithoutNamingIt() throws IOException {
    // A misplaced credential becomes a field name: {"auth": {"robot": "password"}}.
    String username = "robotUserDoNotPrint";
    Path trace =
        write(
            "{\"op\":\"check\",\"image\":\"a\",\"imageRef\":\"x\",\"secrets\":[{\"namespace\":\"a\","
                + "\"name\":\"b\",\"uid\":\"c\",\"auth\":{\""
                + username
                + "\":\"pw\"}}]}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("line 1: an unknown field inside 'secrets[0].auth'")
        .doesNotContain(username);
  }

  @Test
  void replay_credentialUsedAsAKeyBesideAuth_exits2WithoutNamingIt() throws IOException {
    // A pasted "user": "password" pair lands next to auth instead of inside it.
    String username = "robotUserDoNotPrint";
    Path trace =
        write(
            "{\"op\":\"pulled\",\"image\":\"a\",\"imageRef\":\"x\",\"credentials\":{\"secret\":"
                + "{\"namespace\":\"a\",\"name\":\"b\",\"uid\":\"c\",\"auth\":{},\""
                + username
                + "\":\"pw\"}}}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("line 1: an unknown field inside 'credentials.secret'")
        .doesNotContain(username);
  }

  @Test
  void replay_duplicateKeyInsideAuth_exits2WithoutNamingIt() throws IOException {
    String username = "robotUserDoNotPrint";
    Path trace =
        write(
            "{\"op\":\"check\",\"image\":\"a\",\"imageRef\":\"x\",\"secrets\":[{\"namespace\":\"a\","
                + "\"name\":\"b\",\"uid\":\"c\",\"auth\":{\""
                + username
                + "\":\"pw\",\""
                + username
                + "\":\"pw\"}}]}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("line 1: a duplicate field inside 'secrets'")
        .doesNotContain(username);
  }

  @Test
  void replay_invalidSecretCoordinates_exits2NamingTheFieldNotTheValue() throws IOException {
    Path trace =
        write(
            "{\"op\":\"check\",\"image\":\"a\",\"imageRef\":\"x\",\"secrets\":[{\"namespace\":"
                + "\"team\\u001b]0;pwned\\u0007\",\"name\":\"b\",\"uid\":\"c\",\"credentialHash\":\""
                + "0".repeat(64)
                + "\"}]}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "line 1: field 'secrets[0]' has invalid coordinates: secret namespace must be empty or"
                + " a DNS-1123 label")
        .doesNotContain("pwned");
  }

  @Test
  void replay_traceThatNeverEndsALine_exits2NamingTheLimitQuickly() {
    CliRun run =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of("replay", "/dev/zero"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "pullgate replay: /dev/zero: line 1: longer than 1 MiB (1,048,576 bytes), the limit"
                + " for a line; nothing was used\n");
  }

  @Test
  void replay_configValuesThatMayHoldCredentials_areNeverEchoed() throws IOException {
    String credentials = "robot:hunter2@registry.example";
    List<String> configs =
        List.of(
            "{\"op\":\"config\",\"properties\":{\"pullgate.policy\":\"" + credentials + "\"}}",
            "{\"op\":\"config\",\"properties\":{\"pullgate.cache.maxRecords\":\""
                + credentials
                + "\"}}",
            "{\"op\":\"config\",\"properties\":{\"pullgate.credentials.maxAge\":\""
                + credentials
                + "\"}}",
            "{\"op\":\"config\",\"properties\":{\"pullgate.policy\":\"AlwaysVerify\","
                + "\"pullgate.policy.allowlist\":\"registry.example/a, "
                + credentials
                + "/*x\"}}",
            "{\"op\":\"config\",\"policy\":\"NeverVerifyAllowlistedImages\",\"allowlist\":[\""
                + credentials
                + "/**\"]}");
    for (String config : configs) {
      CliRun run = CliRun.of("replay", write(config).toString());

      assertThat(run.exitCode()).as(config).isEqualTo(2);
      assertThat(run.err())
          .as(config)
          .contains("line 1: invalid config: ")
          .contains("not shown because it may hold credentials")
          .doesNotContain("hunter2");
    }
  }

  @Test
  void replay_missingFile_exits2() {
    CliRun run = CliRun.of("replay", dir.resolve("nope.trace").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.trace: no such file");
  }

  private Path write(String... lines) throws IOException {
    Path trace = Files.createTempFile(dir, "malformed", ".trace");
    Files.writeString(trace, String.join("\n", lines) + "\n");
    return trace;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
