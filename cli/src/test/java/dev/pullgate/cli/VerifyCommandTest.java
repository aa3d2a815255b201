package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.APP_REF;
import static dev.pullgate.cli.OperatorStore.MARKED_REF;
import static dev.pullgate.cli.OperatorStore.MARKER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pullgate.store.lmdb.StoreDamage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} on an intact store and on one with a damaged value; how others meet damage. */
class VerifyCommandTest {
  @TempDir Path dir;
  private String store;

  @BeforeEach
  void fillStore() {
    OperatorStore.fill(dir);
    store = dir.toString();
  }

  @Test
  void verify_intactStore_exits0() {
    CliRun run = CliRun.of("verify", "--store", store);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Checked 4 pulled records and 1 pull intent in " + store, "No damage found.");
  }

  @Test
  void verify_flippedByteInAValue_listsTheDamagedRecordAndExits1() throws IOException {
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    CliRun run = CliRun.of("verify", "--store", store);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.outLines())
        .containsExactly(
            "Checked 4 pulled records and 1 pull intent in " + store,
            "DAMAGED pulled record " + MARKED_REF + ": its checksum does not match",
            "1 damaged entry. Decisions that need a damaged entry fail closed (the pod pulls the"
                + " image), and the next write of its key replaces it.");
    assertThat(run.out()).doesNotContain(MARKER.substring(1));
  }

  @Test
  void verifyJson_damagedStore_listsTheDamage() throws IOException {
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    CliRun run = CliRun.of("verify", "--store", store, "--json");

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(json.get("intact").asBoolean()).isFalse();
    assertThat(json.get("damage")).hasSize(1);
    assertThat(json.get("damage").get(0).get("key").asText()).isEqualTo(MARKED_REF);
  }

  @Test
  void statAndVerify_emptiedDataFile_nameIt_verifyCallingTheStoreDamaged_andLeaveItAsItIs()
      throws IOException {
    Path data = dir.resolve("data.mdb");
    Files.write(data, new byte[0]);

    CliRun stat = CliRun.of("stat", "--store", store);
    CliRun verify = CliRun.of("verify", "--store", store);

    assertThat(stat.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(stat.err())
        .contains("is damaged: data.mdb is empty (0 bytes)", "pullgate verify --store");
    assertThat(verify.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(verify.outLines().get(0))
        .startsWith("DAMAGED " + dir.resolve("data.mdb") + ": store at ")
        .contains("is damaged: data.mdb is empty (0 bytes)", "restore the directory from a backup");
    assertThat(verify.outLines()).hasSize(1);
    assertThat(data).isEmptyFile();
  }

  @Test
  void verify_walkThatCrashesInNativeCode_reportsTheDataFileDamaged_exit1() throws IOException {
    CliRun run = CliRun.walkingWith(FailingWalks.Crash.class, "verify", "--store", store);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.outLines().get(0))
        .startsWith(
            "DAMAGED " + dir.resolve("data.mdb") + ": the verification walk crashed (SIGSEGV")
        .endsWith("): LMDB could not read the file");
    String advice = run.outLines().get(1);
    assertThat(advice).contains("do not start a node agent on it", "crash report");
    Path report = Path.of(advice.substring(advice.lastIndexOf(' ') + 1));
    assertThat(report).isRegularFile().content().contains("SIGSEGV");
    deleteReport(report);
  }

  @Test
  void verify_walkThatAbortsOrHangs_reportsTheDataFileDamaged_neverDies() {
    CliRun aborted = CliRun.walkingWith(FailingWalks.Abort.class, "verify", "--store", store);
    CliRun hung =
        CliRun.walkingWith(
            FailingWalks.Hang.class, "verify", "--store", store, "--timeout", "2s", "--json");

    assertThat(aborted.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(aborted.out())
        .contains(
            "DAMAGED "
                + dir.resolve("data.mdb")
                + ": the verification walk was killed by"
                + " signal 6");
    assertThat(hung.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(hung.out()).contains("\"intact\": false", "did not end within 2s", "data file");
  }

  @Test
  void verify_timeoutThatIsNoDuration_exit2() {
    CliRun run = CliRun.of("verify", "--store", store, "--timeout", "soon");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("expected a duration");
  }

  private static void deleteReport(Path report) throws IOException {
    Files.delete(report);
    Files.delete(report.getParent());
  }

  @Test
  void listAndGet_meetingDamage_exit1AndPointToVerify() throws IOException {
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    CliRun list = CliRun.of("list", "--store", store);
    CliRun getDamaged = CliRun.of("get", "--store", store, MARKED_REF);
    CliRun getIntact = CliRun.of("get", "--store", store, APP_REF);

    assertThat(list.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(list.err()).contains("unreadable", "pullgate verify --store DIR");
    assertThat(getDamaged.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(getDamaged.err()).contains("imageRef=" + MARKED_REF, "checksum");
    assertThat(getIntact.exitCode()).isZero();
  }
}
