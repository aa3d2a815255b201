package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.MARKED_REF;
import static dev.pullgate.cli.OperatorStore.MARKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.store.lmdb.StoreDamage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repair}: what it does to damaged stores, what it says, when it refuses, and that a dry run
 * changes nothing.
 */
class RepairCommandTest {
  private static final String LONG_REF = "local/" + "x".repeat(600) + "/" + MARKER + "-long";

  @TempDir Path dir;
  private String store;

  @BeforeEach
  void fillStore() {
    OperatorStore.fill(dir);
    store = dir.toString();
  }

  @Test
  void repair_damagedValue_makesItFailClosed_verifiesAgain_andReadiesTheStore() throws IOException {
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    CliRun run = CliRun.of("repair", "--store", store);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Before: 4 pulled records and 1 pull intent, 1 damaged entry",
            "made fail-closed pulled record " + MARKED_REF,
            "Moved 0, rewrote 0, made fail-closed 1 and lost 0 entries.",
            "Rewrote the records, intents and forgetting index of " + store + ".",
            "After: 4 pulled records and 1 pull intent, intact",
            "The store is ready.");
    assertThat(CliRun.of("verify", "--store", store).exitCode()).isZero();
    try (PullGate gate = PullGate.open(PullGateConfig.builder().storePath(dir).build())) {
      assertThat(
              gate.mustAttemptImagePull(
                      "registry.example/" + MARKER + "/app:v1",
                      MARKED_REF,
                      PodCredentials.of(List.of(), null))
                  .reason())
          .isEqualTo(DecisionReason.NO_MAPPING);
    }
  }

  @Test
  void dryRun_listsWhatARepairWouldDo_changesNothing_andExits1() throws IOException {
    StoreDamage.flipEveryCopyOf(dir, MARKER);
    byte[] before = Files.readAllBytes(dir.resolve("data.mdb"));

    CliRun run = CliRun.of("repair", "--store", store, "--dry-run");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.outLines())
        .containsExactly(
            "Before: 4 pulled records and 1 pull intent, 1 damaged entry",
            "would make fail-closed pulled record " + MARKED_REF,
            "Would move 0, rewrite 0, make fail-closed 1 and lose 0 entries. Nothing was changed"
                + " (--dry-run).");
    assertThat(Files.readAllBytes(dir.resolve("data.mdb"))).isEqualTo(before);
  }

  @Test
  void repair_lostEntry_keepsTheStoreMarked_untilTheLossIsAccepted() throws IOException {
    try (PullGate gate = PullGate.open(PullGateConfig.builder().storePath(dir).build())) {
      gate.recordImagePulled(
          "registry.example/long/app:v1", LONG_REF, PullCredentials.nodePodsAccessible());
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER + "-long");

    CliRun repair = CliRun.of("repair", "--store", store);
    CliRun again = CliRun.of("repair", "--store", store);
    CliRun accepted = CliRun.of("repair", "--store", store, "--accept-loss", "--json");

    assertThat(repair.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(repair.out())
        .contains("lost pulled record digest:", "its key is a digest, which names nothing")
        .contains("DAMAGED lost entries repairLost: a repair deleted 1 damaged entries")
        .contains("Accept the loss with pullgate repair --accept-loss");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(accepted.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(accepted.out());
    assertThat(json.get("actions").get(0).get("kind").asText()).isEqualTo("LOSS_ACCEPTED");
    assertThat(json.get("markedDamaged").asBoolean()).isFalse();
    assertThat(CliRun.of("repair", "--store", store).closingLine())
        .isEqualTo("Nothing to repair in " + store + ".");
  }

  @Test
  void repair_storeHeldByAnAgent_exits5_andChangesNothing() throws IOException {
    StoreDamage.flipEveryCopyOf(dir, MARKER);
    byte[] before = Files.readAllBytes(dir.resolve("data.mdb"));

    try (HeldStore held = HeldStore.start(dir)) {
      CliRun run = CliRun.of("repair", "--store", store);
      CliRun dryRun = CliRun.of("repair", "--store", store, "--dry-run");

      assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_LOCKED);
      assertThat(run.err()).contains("pullgate.lock", "Stop it and run this command again");
      assertThat(dryRun.exitCode()).as("a dry run reads beside the agent").isEqualTo(1);
    }
    assertThat(Files.readAllBytes(dir.resolve("data.mdb"))).isEqualTo(before);
  }

  @Test
  void repair_truncatedDataFileOrNoStore_exits2_andCreatesNothing() throws IOException {
    Path truncated = dir.resolve("data.mdb");
    try (var channel =
        java.nio.channels.FileChannel.open(truncated, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(Files.size(truncated) - 100);
    }
    Path empty = Files.createDirectory(dir.resolve("empty"));

    CliRun damaged = CliRun.of("repair", "--store", store);
    CliRun none = CliRun.of("repair", "--store", empty.toString());

    assertThat(damaged.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(damaged.err())
        .contains("cannot repair the store: store at ", "the file was truncated");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(none.err()).contains("no Pullgate store at");
    try (var files = Files.list(empty)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void repair_walkThatCrashes_reportsTheStoreDamaged_andChangesNothing() throws IOException {
    CliRun run = CliRun.walkingWith(FailingWalks.Crash.class, "repair", "--store", store);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.outLines().get(0))
        .startsWith("DAMAGED " + dir.resolve("data.mdb") + ": the repair walk crashed (SIGSEGV");
    assertThat(run.closingLine())
        .isEqualTo("Nothing was changed: a repair that does not finish commits nothing.");
    String advice = run.outLines().get(1);
    Path report = Path.of(advice.substring(advice.lastIndexOf(' ') + 1));
    Files.delete(report);
    Files.delete(report.getParent());
  }

  @Test
  void dryRunWithAcceptLoss_exits2() {
    CliRun run = CliRun.of("repair", "--store", store, "--dry-run", "--accept-loss");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("--dry-run and --accept-loss do not go together");
  }
}
