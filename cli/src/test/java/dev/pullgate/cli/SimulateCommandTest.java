package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.bench.simulate.NodeDayScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pullgate simulate} on small days: deterministic reports, stores kept or deleted. */
class SimulateCommandTest {
  private static final String[] SMALL_DAY = {
    "simulate", "--hours", "4", "--pods", "600", "--namespaces", "8", "--images", "40"
  };

  @TempDir Path dir;

  @Test
  void simulate_sameSeed_printsTheSameReportApartFromTimings() {
    CliRun first = simulate("--seed", "7");
    CliRun second = simulate("--seed", "7");

    assertThat(first.exitCode()).isZero();
    assertThat(second.exitCode()).isZero();
    assertThat(untimed(second)).isEqualTo(untimed(first));
    assertThat(first.outLines())
        .contains(
            "  seed                      7",
            "  oracle violations                     0  ok",
            "  model mismatches                      0  ok",
            "Store: LMDB, durable commits, in a temporary directory (deleted)")
        .anySatisfy(line -> assertThat(line).startsWith("    at 02:"))
        .anySatisfy(line -> assertThat(line).startsWith("Decision latency ("));
    assertThat(first.err()).isEmpty();
  }

  @Test
  void simulate_observedModeWithExpiry_agreesWithTheReferenceModel() {
    CliRun run = simulate("--preloaded-mode", "observed", "--credential-max-age", "30m");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .contains(
            "  engine                    preloaded mode observed, credentials expire PT30M after a"
                + " registry accepted them",
            "  oracle violations                     0  ok",
            "  model mismatches                      0  ok")
        .anySatisfy(line -> assertThat(line).startsWith("  CREDENTIALS_EXPIRED "));
  }

  @Test
  void simulate_defaultEngineOptions_printNoEngineLine() {
    assertThat(simulate().outLines()).noneMatch(line -> line.startsWith("  engine "));
  }

  @Test
  void simulate_otherSeed_playsAnotherDay() {
    assertThat(untimed(simulate("--seed", "8"))).isNotEqualTo(untimed(simulate("--seed", "7")));
  }

  @Test
  void simulate_temporaryStore_isDeletedAfterwards() throws IOException {
    List<Path> before = simulationDirectories();

    CliRun run = simulate();

    assertThat(run.exitCode()).isZero();
    assertThat(simulationDirectories()).isEqualTo(before);
  }

  @Test
  void simulateWithStore_keepsTheStoreForTheOperatorCommands() {
    Path store = dir.resolve("store");

    CliRun run = simulate("--store", store.toString(), "--sync", "nometasync");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).contains("Store: LMDB, nometasync commits, kept in " + store);
    String recordsAtEnd =
        run.outLines().stream()
            .filter(line -> line.startsWith("  records at end"))
            .findFirst()
            .orElseThrow()
            .replaceAll("[^0-9]", "");
    assertThat(CliRun.of("stat", "--store", store.toString()).outLines())
        .contains(String.format("pulled records     %s", recordsAtEnd));
    assertThat(CliRun.of("verify", "--store", store.toString()).exitCode()).isZero();
  }

  @Test
  void simulateWithStore_thatHoldsRecords_exits2() {
    Path store = dir.resolve("store");
    OperatorStore.fill(store);

    CliRun run = simulate("--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("a simulated day starts from an empty store");
  }

  @Test
  void simulateWithProgress_drawsTheBarOnStandardErrorOnly() {
    CliRun run = simulate("--progress");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).startsWith("\rsimulating [").endsWith("100%  600/600 pod starts\n");
    assertThat(run.out()).doesNotContain("simulating [");
  }

  @Test
  void simulate_contradictoryScenario_exits2NamingTheSetting() {
    CliRun run = simulate("--teams", "9");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .isEqualTo(
            "pullgate simulate: invalid scenario: teams must be at most namespaces (8), was 9\n");
  }

  @Test
  void simulate_restartAtNone_restartsNever() {
    CliRun run = simulate("--restart-at", "none");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).contains("  agent restarts                        0");
  }

  @Test
  void simulateHelp_teamsDefault_matchesTheScenarioDefault() {
    assertThat(CliRun.of("simulate", "--help").out())
        .contains("(default: " + NodeDayScenario.defaults().teams() + ", or the")
        .contains("(default: " + NodeDayScenario.defaults().podStarts() + ")");
  }

  private static CliRun simulate(String... more) {
    List<String> args = new ArrayList<>(List.of(SMALL_DAY));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(new String[0]));
  }

  /** The report without what varies from run to run: the latency table and the elapsed time. */
  private static List<String> untimed(CliRun run) {
    List<String> lines = new ArrayList<>();
    boolean inLatency = false;
    for (String line : run.outLines()) {
      if (line.startsWith("Decision latency")) {
        inLatency = true;
      } else if (line.isEmpty()) {
        inLatency = false;
      }
      if (!inLatency && !line.startsWith("Simulated in")) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static List<Path> simulationDirectories() throws IOException {
    try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return all.filter(p -> p.getFileName().toString().startsWith("pullgate-simulate-"))
          .sorted()
          .toList();
    }
  }
}
