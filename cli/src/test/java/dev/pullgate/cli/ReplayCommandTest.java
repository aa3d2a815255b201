package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code pullgate replay} prints and how it exits for traces that parse: a line per finding,
 * the closing {@code N passed, M failed} line, exit 0 or 1; and the command's own options.
 */
class ReplayCommandTest {
  private static final String REF = "sha256:" + "1".repeat(64);
  private static final String SECRET =
      "{\"namespace\":\"team-a\",\"name\":\"regcred\",\"uid\":\"uid-a\","
          + "\"auth\":{\"username\":\"robot\",\"password\":\"s3cret-never-printed\"}}";
  private static final String PULLED =
      "{\"op\":\"pulled\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
          + REF
          + "\",\"credentials\":{\"secret\":"
          + SECRET
          + "}}";

  @TempDir Path dir;

  @Test
  void replay_allExpectationsHold_printsFindingsAndClosingLineAndExits0() throws IOException {
    Path trace =
        write(
            PULLED,
            check("[" + SECRET + "]", "\"expect\":\"use\",\"reason\":\"SECRET_HASH_MATCH\""),
            "{\"op\":\"expectRecord\",\"imageRef\":\"" + REF + "\",\"exists\":true}",
            "{\"op\":\"expectIntent\",\"image\":\"registry.example/app:v1\",\"exists\":false}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.outLines())
        .containsExactly(
            "line 2 check: use (SECRET_HASH_MATCH) ok",
            "line 3 expectRecord: record with imageNames [registry.example/app] ok",
            "line 4 expectIntent: no intent ok",
            "3 passed, 0 failed");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void replay_noTemporaryDirectoryForTheStore_exits2WithoutRunningAnything() throws Exception {
    // The JVM reads java.io.tmpdir once, so a JVM of its own gets one that does not exist.
    Path trace = write(PULLED, check("[" + SECRET + "]", "\"expect\":\"use\""));
    Path missing = dir.resolve("no-such-tmp");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens",
                "java.base/java.nio=ALL-UNNAMED",
                "--add-opens",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + missing,
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                PullgateCommand.class.getName(),
                "replay",
                trace.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isEqualTo(ExitCodes.INVALID);
    assertThat(output)
        .startsWith("pullgate replay: cannot create a temporary directory: " + missing)
        .doesNotContain("internal error")
        .doesNotContain("passed");
  }

  @Test
  void replay_failedExpectations_printFailedWithExpectedAndExit1() throws IOException {
    Path trace =
        write(
            PULLED,
            check("[]", "\"expect\":\"use\""),
            check("[" + SECRET + "]", "\"reason\":\"SERVICE_ACCOUNT_MATCH\""),
            "{\"op\":\"expectRecord\",\"imageRef\":\""
                + REF
                + "\",\"exists\":true,"
                + "\"imageNames\":[\"registry.example/other\"]}",
            "{\"op\":\"expectIntent\",\"image\":\"registry.example/app:v1\",\"exists\":true}",
            check("[" + SECRET + "]", "\"expect\":\"use\""));

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.outLines())
        .containsExactly(
            "line 2 check: pull (NO_MATCHING_CREDENTIALS) FAILED (expected use)",
            "line 3 check: use (SECRET_HASH_MATCH) FAILED (expected use (SERVICE_ACCOUNT_MATCH))",
            "line 4 expectRecord: record with imageNames [registry.example/app] FAILED"
                + " (expected record with imageNames [registry.example/other])",
            "line 5 expectIntent: no intent FAILED (expected intent exists)",
            "line 6 check: use (SECRET_HASH_MATCH) ok",
            "1 passed, 4 failed");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void replay_recordCallThrows_printsErrorLineCountedAsFailedWithoutCredentials()
      throws IOException {
    Path trace =
        write(
            "{\"op\":\"intent\",\"image\":\"registry.example/App:v1\"}",
            "{\"op\":\"pulled\",\"image\":\"registry.example/app:v1\",\"imageRef\":\""
                + REF
                + "\",\"credentials\":{\"secret\":"
                + SECRET.replace("uid-a", "")
                + "}}",
            "{\"op\":\"expectRecord\",\"imageRef\":\"" + REF + "\",\"exists\":false}");

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.outLines()).hasSize(4);
    assertThat(run.outLines().get(0))
        .startsWith("line 1 intent: error: ")
        .endsWith(" FAILED (expected no error)");
    assertThat(run.outLines().get(1))
        .startsWith("line 2 pulled: error: credentials.secret must have a non-empty uid")
        .endsWith(" FAILED (expected no error)");
    assertThat(run.closingLine()).isEqualTo("1 passed, 2 failed");
    assertThat(run.out() + run.err()).doesNotContain("s3cret-never-printed");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void replay_checkWithoutExpectation_printsDecisionAsOk() throws IOException {
    Path trace = write(check("[]", null));

    CliRun run = CliRun.of("replay", trace.toString());

    assertThat(run.outLines())
        .containsExactly("line 1 check: use (POLICY_ALLOWED) ok", "1 passed, 0 failed");
  }

  @Test
  void replay_emptyTrace_printsZeroCountsAndExits0() throws IOException {
    CliRun run = CliRun.of("replay", write("# nothing to do").toString());

    assertThat(run.outLines()).containsExactly("0 passed, 0 failed");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void replay_withStore_keepsTheRecordsForTheNextReplay() throws IOException {
    Path store = dir.resolve("kept-store");
    CliRun first = CliRun.of("replay", write(PULLED).toString(), "--store", store.toString());
    assertThat(first.exitCode()).isZero();

    Path second = dir.resolve("second.trace");
    Files.writeString(
        second,
        check("[" + SECRET + "]", "\"expect\":\"use\",\"reason\":\"SECRET_HASH_MATCH\"") + "\n");
    CliRun run = CliRun.of("replay", second.toString(), "--store", store.toString());

    assertThat(run.outLines())
        .containsExactly("line 1 check: use (SECRET_HASH_MATCH) ok", "1 passed, 0 failed");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void replay_keyedTraceWithStoreAndHashKey_keepsAStoreThatReopensOnlyWithTheKey()
      throws IOException {
    Path store = dir.resolve("keyed-store");
    Path key = dir.resolve("hash.key");
    Path keyed = write("{\"op\":\"config\",\"keyedHashes\":true}", PULLED);
    Path second =
        write(check("[" + SECRET + "]", "\"expect\":\"use\",\"reason\":\"SECRET_HASH_MATCH\""));

    CliRun first =
        CliRun.of(
            "replay", keyed.toString(), "--store", store.toString(), "--hash-key", key.toString());
    CliRun withKey =
        CliRun.of(
            "replay", second.toString(), "--store", store.toString(), "--hash-key", key.toString());
    CliRun withoutKey = CliRun.of("replay", second.toString(), "--store", store.toString());

    assertThat(first.exitCode()).isZero();
    assertThat(Files.size(key)).isEqualTo(32);
    assertThat(withKey.outLines())
        .containsExactly("line 1 check: use (SECRET_HASH_MATCH) ok", "1 passed, 0 failed");
    assertThat(withoutKey.exitCode()).isEqualTo(2);
    assertThat(withoutKey.err()).contains("keeps credential hashes under a key");
  }

  @Test
  void replay_keyedTraceWithStoreButNoHashKey_exits2BeforeWriting() throws IOException {
    Path store = dir.resolve("unkeyed-store");
    Path keyed = write("{\"op\":\"config\",\"keyedHashes\":true}", PULLED);

    CliRun run = CliRun.of("replay", keyed.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("asks for keyed hashes", "--hash-key FILE");
    assertThat(run.out()).isEmpty();
    assertThat(store).doesNotExist();
  }

  @Test
  void replay_keyedTraceOnATemporaryStore_runsWithAKeyItDeletesAfterwards() throws IOException {
    Path keyed =
        write(
            "{\"op\":\"config\",\"keyedHashes\":true}",
            PULLED,
            "{\"op\":\"restart\"}",
            check("[" + SECRET + "]", "\"reason\":\"SECRET_HASH_MATCH\""));

    CliRun onLmdb = CliRun.of("replay", keyed.toString());
    CliRun inMemory = CliRun.of("replay", keyed.toString(), "--in-memory");

    for (CliRun run : new CliRun[] {onLmdb, inMemory}) {
      assertThat(run.outLines())
          .containsExactly("line 4 check: use (SECRET_HASH_MATCH) ok", "1 passed, 0 failed");
      assertThat(run.exitCode()).isZero();
    }
  }

  @Test
  void replay_withStoreAndInMemory_isRejected() throws IOException {
    CliRun run =
        CliRun.of("replay", write(PULLED).toString(), "--store", dir.toString(), "--in-memory");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--store and --in-memory exclude each other");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void helpAndVersion_onEveryCommand_exit0() {
    for (String[] args :
        new String[][] {{"--help"}, {"--version"}, {"replay", "--help"}, {"replay", "-V"}}) {
      CliRun run = CliRun.of(args);

      assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).as(String.join(" ", args)).isNotBlank();
    }
    assertThat(CliRun.of("--version").out()).matches("pullgate \\d+\\.\\d+\\.\\d+.*\\R");
    assertThat(CliRun.of("replay", "--help").out()).contains("Exit codes:", "--store=DIR");
  }

  @Test
  void pullgate_withoutSubcommand_printsUsageAndExits2() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: pullgate", "replay");
  }

  @Test
  void replay_withoutTrace_isAUsageError() {
    CliRun run = CliRun.of("replay");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("TRACE");
  }

  private static String check(String secrets, String expectation) {
    return "{\"op\":\"check\",\"image\":\"registry.example/app:v2\",\"imageRef\":\""
        + REF
        + "\",\"secrets\":"
        + secrets
        + (expectation == null ? "" : "," + expectation)
        + "}";
  }

  private Path write(String... lines) throws IOException {
    Path trace = Files.createTempFile(dir, "replay", ".trace");
    Files.writeString(trace, String.join("\n", lines) + "\n");
    return trace;
  }
}
