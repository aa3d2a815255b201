package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.bench.simulate.PullGateOpener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replayer's {@code forget} and {@code preloaded} ops, {@code expectRecord}'s preloaded names,
 * and a trace that keeps credential hashes under a key.
 */
class ReplayerPolicyOpsTest {
  private static final String REF = "sha256:" + "1".repeat(64);
  private static final String OTHER_REF = "sha256:" + "2".repeat(64);
  private static final String SECRET =
      "{\"namespace\":\"team-a\",\"name\":\"regcred\",\"uid\":\"uid-a\","
          + "\"auth\":{\"username\":\"robot\",\"password\":\"s3cret\"}}";

  @TempDir Path dir;

  @Test
  void forget_printsHowManyEntriesWent_andChecksTheExpectation() throws Exception {
    String out =
        replay(
            "{\"op\":\"pulled\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
                + REF
                + "\",\"credentials\":{\"secret\":"
                + SECRET
                + "}}",
            "{\"op\":\"pulled\",\"image\":\"registry.example/db:v1\",\"imageRef\":\""
                + OTHER_REF
                + "\",\"credentials\":{\"secret\":"
                + SECRET
                + "}}",
            "{\"op\":\"forget\",\"secretUid\":\"uid-a\",\"expectRemoved\":1}",
            "{\"op\":\"forget\",\"secretUid\":\"uid-a\"}",
            "{\"op\":\"check\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
                + REF
                + "\",\"secrets\":["
                + SECRET
                + "],\"reason\":\"NO_MATCHING_CREDENTIALS\"}");

    assertThat(out)
        .isEqualTo(
            "line 3 forget: removed 2 entries FAILED (expected removed 1 entry)\n"
                + "line 4 forget: removed 0 entries ok\n"
                + "line 5 check: pull (NO_MATCHING_CREDENTIALS) ok\n");
  }

  @Test
  void forgetNamespace_removesItsSecretsAndServiceAccounts() throws Exception {
    String out =
        replay(
            "{\"op\":\"pulled\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
                + REF
                + "\",\"credentials\":{\"secret\":"
                + SECRET
                + "}}",
            "{\"op\":\"pulled\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
                + REF
                + "\",\"credentials\":{\"serviceAccount\":"
                + "{\"namespace\":\"team-a\",\"name\":\"builder\",\"uid\":\"uid-sa\"}}}",
            "{\"op\":\"forget\",\"serviceAccountUid\":\"uid-sa\",\"expectRemoved\":1}",
            "{\"op\":\"forget\",\"namespace\":\"team-a\",\"expectRemoved\":1}");

    assertThat(out)
        .isEqualTo("line 3 forget: removed 1 entry ok\n" + "line 4 forget: removed 1 entry ok\n");
  }

  @Test
  void preloaded_recordsObservedNames_thatExpectRecordChecksApartFromImageNames() throws Exception {
    String out =
        replay(
            "{\"op\":\"config\",\"preloadedMode\":\"observed\"}",
            "{\"op\":\"preloaded\",\"runtimeImages\":[{\"id\":\""
                + REF
                + "\",\"repoTags\":[\"busybox:1.36\"],\"repoDigests\":[]}]}",
            "{\"op\":\"expectRecord\",\"imageRef\":\""
                + REF
                + "\",\"exists\":true,\"imageNames\":[],"
                + "\"preloadedNames\":[\"docker.io/library/busybox\"]}",
            "{\"op\":\"expectRecord\",\"imageRef\":\"" + REF + "\",\"exists\":true}",
            "{\"op\":\"expectRecord\",\"imageRef\":\""
                + REF
                + "\",\"exists\":true,\"preloadedNames\":[]}",
            "{\"op\":\"check\",\"image\":\"busybox:1.36\",\"imageRef\":\""
                + REF
                + "\",\"reason\":\"POLICY_ALLOWED\"}",
            "{\"op\":\"check\",\"image\":\"busybox:1.36\",\"imageRef\":\""
                + OTHER_REF
                + "\",\"reason\":\"NO_RECORD\"}");

    assertThat(out)
        .isEqualTo(
            "line 3 expectRecord: record with imageNames [] and preloadedNames"
                + " [docker.io/library/busybox] ok\n"
                + "line 4 expectRecord: record with imageNames [] and preloadedNames"
                + " [docker.io/library/busybox] ok\n"
                + "line 5 expectRecord: record with imageNames [] and preloadedNames"
                + " [docker.io/library/busybox] FAILED (expected record with preloadedNames [])\n"
                + "line 6 check: use (POLICY_ALLOWED) ok\n"
                + "line 7 check: pull (NO_RECORD) ok\n");
  }

  @Test
  void keyedTrace_withoutAKeyFile_isRefusedBeforeAnythingRuns() throws Exception {
    Trace trace = TraceParser.parse(List.of("{\"op\":\"config\",\"keyedHashes\":true}"));

    assertThatThrownBy(
            () ->
                Replayer.replay(
                    trace, PullGateOpener.inMemory(), new PrintWriter(new StringWriter())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyed hashes");
  }

  @Test
  void keyedTrace_decidesAsWithoutAKey_andTheEngineCreatesAPrivateKeyFile() throws Exception {
    Path key = dir.resolve("hash.key");
    Trace trace =
        TraceParser.parse(
                List.of(
                    "{\"op\":\"config\",\"keyedHashes\":true}",
                    "{\"op\":\"pulled\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
                        + REF
                        + "\",\"credentials\":{\"secret\":"
                        + SECRET
                        + "}}",
                    "{\"op\":\"restart\"}",
                    "{\"op\":\"check\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
                        + REF
                        + "\",\"secrets\":[{\"namespace\":\"team-b\",\"name\":\"copy\","
                        + "\"uid\":\"uid-b\",\"auth\":{\"username\":\"robot\","
                        + "\"password\":\"s3cret\"}}],\"reason\":\"SECRET_HASH_MATCH\"}"))
            .withHashKey(key);
    StringWriter out = new StringWriter();

    ReplayResult result = Replayer.replay(trace, PullGateOpener.inMemory(), new PrintWriter(out));

    assertThat(out.toString()).isEqualTo("line 4 check: use (SECRET_HASH_MATCH) ok\n");
    assertThat(result.succeeded()).isTrue();
    assertThat(Files.size(key)).isEqualTo(32);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
    }
  }

  private static String replay(String... lines) throws Exception {
    StringWriter out = new StringWriter();
    Replayer.replay(
        TraceParser.parse(List.of(lines)), PullGateOpener.inMemory(), new PrintWriter(out, true));
    return out.toString();
  }
}
