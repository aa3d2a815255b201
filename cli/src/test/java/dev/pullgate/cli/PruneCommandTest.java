package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.APP_REF;
import static dev.pullgate.cli.OperatorStore.BUILDER_REF;
import static dev.pullgate.cli.OperatorStore.MARKED_REF;
import static dev.pullgate.cli.OperatorStore.NGINX_REF;
import static dev.pullgate.cli.OperatorStore.OPEN_INTENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pullgate.record.PulledRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prune}: records neither listed in the keep file nor updated since {@code --until} go; the
 * rest, and every intent, stay. The records were written at 10:00, 12:00, 13:00 and 14:00.
 */
class PruneCommandTest {
  private static final String UNTIL = "2025-06-01T13:00:00Z";

  @TempDir Path dir;
  private Path storeDir;
  private String store;
  private Path keepFile;

  @BeforeEach
  void fillStore() throws IOException {
    storeDir = dir.resolve("store");
    OperatorStore.fill(storeDir);
    store = storeDir.toString();
    keepFile = dir.resolve("keep");
    Files.writeString(
        keepFile, "# images on the node\n\n  " + APP_REF + "  \n" + MARKED_REF + "\n");
  }

  @Test
  void prune_emptyKeepFile_isRefusedAndChangesNothing() throws IOException {
    Files.writeString(keepFile, "# the runtime listed nothing\n\n");

    CliRun run = prune(keepFile.toString(), UNTIL);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("lists no imageRef", "--allow-empty-keep-file");
    assertThat(OperatorStore.contents(storeDir).records()).hasSize(4);
  }

  @Test
  void prune_emptyKeepFileWhenAllowed_prunesEveryOldRecord() throws IOException {
    Files.writeString(keepFile, "");

    CliRun run = prune(keepFile.toString(), UNTIL, "--allow-empty-keep-file");

    assertThat(run.exitCode()).isZero();
    assertThat(OperatorStore.contents(storeDir).records())
        .allMatch(r -> !r.lastUpdated().isBefore(java.time.Instant.parse(UNTIL)));
  }

  @Test
  void prune_deletesUnlistedRecordsOlderThanUntil_andKeepsIntents() {
    CliRun run = prune(keepFile.toString(), UNTIL);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Pruned 1 of 4 pulled records: not among the 2 imageRefs of "
                + keepFile
                + " and last updated before "
                + UNTIL
                + ".");
    OperatorStore.Contents left = OperatorStore.contents(storeDir);
    assertThat(left.records())
        .extracting(PulledRecord::imageRef)
        .containsExactly(APP_REF, BUILDER_REF, MARKED_REF);
    assertThat(left.intents()).containsExactly(OPEN_INTENT);
  }

  @Test
  void prune_untilWithOffset_isTheSameInstant() {
    CliRun run = prune(keepFile.toString(), "2025-06-01T15:00:00+02:00");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Pruned 1 of 4").contains("before " + UNTIL);
  }

  @Test
  void pruneDryRun_listsWhatWouldGo_andChangesNothing() {
    OperatorStore.Contents before = OperatorStore.contents(storeDir);

    CliRun run = prune(keepFile.toString(), "2025-06-01T13:00:01Z", "--dry-run");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .hasSize(3)
        .startsWith(
            "would prune " + NGINX_REF + "  updated 2025-06-01T10:00:00Z",
            "would prune " + BUILDER_REF + "  updated 2025-06-01T13:00:00Z");
    assertThat(run.outLines().get(2))
        .startsWith("Would prune 2 of 4 pulled records: ")
        .endsWith("Nothing was changed (--dry-run).");
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  void prune_missingKeepFile_exits2AndChangesNothing() {
    OperatorStore.Contents before = OperatorStore.contents(storeDir);

    CliRun run = prune(dir.resolve("absent").toString(), UNTIL);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .isEqualTo("pullgate prune: keep file " + dir.resolve("absent") + ": no such file\n");
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  void prune_keepFileLineWithInnerWhitespace_exits2NamingTheLine() throws IOException {
    Files.writeString(keepFile, "# keep\n" + APP_REF + " " + BUILDER_REF + "\n");

    CliRun run = prune(keepFile.toString(), UNTIL);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains(keepFile + ":2: expected one imageRef per line");
  }

  @Test
  void prune_keepFileWithAMalformedImageRef_exits2NamingTheLineAndChangesNothing()
      throws IOException {
    OperatorStore.Contents before = OperatorStore.contents(storeDir);
    for (String bad :
        List.of(
            "sha256:" + "1".repeat(63),
            "sha256:" + "A".repeat(64),
            "caf\u00e9",
            "a".repeat(5000))) {
      Files.writeString(keepFile, "# keep\n" + APP_REF + "\n" + bad + "\n");

      CliRun run = prune(keepFile.toString(), UNTIL);

      assertThat(run.exitCode()).as(bad).isEqualTo(ExitCodes.INVALID);
      assertThat(run.err()).as(bad).startsWith("pullgate prune: keep file " + keepFile + ":3: ");
    }
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  void prune_keepFileLineThatMayHoldCredentials_isNotEchoed() throws IOException {
    Files.writeString(keepFile, APP_REF + "\nrobot:hunter2@sha256:00\n");

    CliRun run = prune(keepFile.toString(), UNTIL);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .contains(keepFile + ":2: (of 23 characters, not shown because it may hold credentials)")
        .doesNotContain("hunter2");
  }

  @Test
  void prune_keepFileThatNeverEndsALine_exits2NamingTheLimitQuickly() {
    OperatorStore.Contents before = OperatorStore.contents(storeDir);

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> prune("/dev/zero", UNTIL));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .isEqualTo(
            "pullgate prune: keep file /dev/zero:1: longer than 8 KiB (8,192 bytes), the limit"
                + " for a line; nothing was used\n");
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  void prune_untilNotRfc3339_exits2() {
    for (String until : List.of("2025-06-01", "2025-06-01T13:00Z", "2025-06-01t13:00:00z")) {
      CliRun run = prune(keepFile.toString(), until);

      assertThat(run.exitCode()).as(until).isEqualTo(ExitCodes.INVALID);
      assertThat(run.err())
          .as(until)
          .contains(
              "Invalid value for option '--until': expected an RFC 3339 date-time with seconds and"
                  + " an offset, such as 2026-01-01T00:00:00Z");
    }
  }

  @Test
  void prune_noStoreAtDir_exits2AndCreatesNoStore() {
    Path absent = dir.resolve("no-store");

    CliRun run =
        CliRun.of(
            "prune",
            "--store",
            absent.toString(),
            "--keep-file",
            keepFile.toString(),
            "--until",
            UNTIL);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("no Pullgate store at " + absent);
    assertThat(absent).doesNotExist();
  }

  @Test
  void prune_keyedStoreWithItsHashKey_prunes() {
    Path keyed = dir.resolve("keyed");
    Path key = dir.resolve("hash.key");
    OperatorStore.fill(keyed, key);

    CliRun run =
        CliRun.of(
            "prune",
            "--store",
            keyed.toString(),
            "--hash-key",
            key.toString(),
            "--keep-file",
            keepFile.toString(),
            "--until",
            UNTIL);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).first().asString().startsWith("Pruned 1 of 4 pulled records");
    assertThat(OperatorStore.contents(keyed).records())
        .extracting(PulledRecord::imageRef)
        .containsExactly(APP_REF, BUILDER_REF, MARKED_REF);
  }

  @Test
  void prune_keyedStoreWithoutItsHashKey_exits2AndChangesNothing() {
    Path keyed = dir.resolve("keyed");
    OperatorStore.fill(keyed, dir.resolve("hash.key"));

    CliRun run =
        CliRun.of(
            "prune",
            "--store",
            keyed.toString(),
            "--keep-file",
            keepFile.toString(),
            "--until",
            UNTIL);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("pullgate.credentials.hashKey");
    assertThat(OperatorStore.contents(keyed).records()).hasSize(4);
  }

  /** Runs {@code prune} on the test store with this keep file, until time and further options. */
  private CliRun prune(String keep, String until, String... options) {
    List<String> args =
        new ArrayList<>(List.of("prune", "--store", store, "--keep-file", keep, "--until", until));
    args.addAll(List.of(options));
    return CliRun.of(args.toArray(String[]::new));
  }
}
