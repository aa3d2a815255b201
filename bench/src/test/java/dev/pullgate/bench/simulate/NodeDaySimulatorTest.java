package dev.pullgate.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeDaySimulatorTest {

  @Test
  void run_sameSeed_yieldsEqualOutcome() {
    NodeDayScenario scenario = Scenarios.small(11).build();

    NodeDayOutcome first = Scenarios.run(scenario).outcome();
    NodeDayOutcome second = Scenarios.run(scenario).outcome();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void run_differentSeeds_yieldDifferentOutcomes() {
    NodeDayOutcome a = Scenarios.run(Scenarios.small(11).build()).outcome();
    NodeDayOutcome b = Scenarios.run(Scenarios.small(12).build()).outcome();

    assertThat(b.decisions()).isNotEqualTo(a.decisions());
  }

  @Test
  void run_smallDay_makesDecisionsOfManyReasons() {
    NodeDayOutcome outcome = Scenarios.run(Scenarios.small(3).build()).outcome();

    List<DecisionReason> seen =
        Arrays.stream(DecisionReason.values()).filter(r -> outcome.decisions(r) > 0).toList();
    assertThat(seen)
        .contains(
            DecisionReason.POLICY_ALLOWED,
            DecisionReason.NODE_ACCESSIBLE,
            DecisionReason.SECRET_HASH_MATCH,
            DecisionReason.SECRET_COORDINATES_MATCH,
            DecisionReason.SERVICE_ACCOUNT_MATCH,
            DecisionReason.NO_MATCHING_CREDENTIALS);
    assertThat(outcome.totalDecisions()).isPositive().isLessThanOrEqualTo(outcome.imageChecks());
    assertThat(outcome.podStarts()).isEqualTo(2_000);
  }

  @Test
  void run_restart_reopensOverTheSameRecords() {
    List<PullGate> opened = new ArrayList<>();
    PullGateOpener inMemory = PullGateOpener.inMemory();
    PullGateOpener recording =
        (config, clock) -> {
          PullGate gate = inMemory.open(config, clock);
          opened.add(gate);
          return gate;
        };

    NodeDayOutcome outcome =
        new NodeDaySimulator(Scenarios.small(5).build(), recording).run().outcome();

    assertThat(opened).hasSize(2);
    assertThat(outcome.restarts()).hasSize(1);
    RestartSummary restart = outcome.restarts().get(0);
    assertThat(restart.at()).isBetween(Duration.ofHours(2), Duration.ofHours(3));
    assertThat(restart.pullsInterrupted()).isPositive();
    assertThat(restart.recordsBeforeClose()).isPositive();
    assertThat(restart.recordsAfterReopen()).isEqualTo(restart.recordsBeforeClose());
    assertThat(outcome.modelMismatches()).isZero();
  }

  @Test
  void run_restartWithPullsInFlight_reconcilesLandedIntents() {
    NodeDayScenario scenario =
        Scenarios.small(3).gcRemoveShare(0.5).restartHours(List.of(0, 1, 1, 2, 2, 3, 3)).build();

    NodeDayOutcome outcome = Scenarios.run(scenario).outcome();

    assertThat(outcome.restarts()).hasSize(7);
    assertThat(outcome.restarts()).allMatch(r -> r.pullsInterrupted() > 0);
    assertThat(outcome.restarts().stream().mapToInt(RestartSummary::pullsInterrupted).sum())
        .isPositive();
    assertThat(outcome.restarts().stream().mapToInt(RestartSummary::intentsReconciled).sum())
        .isPositive();
    // A reconciled record has an empty mapping: the first pod to want its image must pull.
    assertThat(outcome.decisions(DecisionReason.NO_MAPPING)).isPositive();
    assertThat(outcome.modelMismatches()).isZero();
  }

  @Test
  void run_noRestartHours_neverReopens() {
    List<Integer> opens = new ArrayList<>();
    PullGateOpener inMemory = PullGateOpener.inMemory();

    NodeDayOutcome outcome =
        new NodeDaySimulator(
                Scenarios.small(5).restartHours(List.of()).build(),
                (config, clock) -> {
                  opens.add(1);
                  return inMemory.open(config, clock);
                })
            .run()
            .outcome();

    assertThat(opens).hasSize(1);
    assertThat(outcome.restarts()).isEmpty();
  }

  @Test
  void run_garbageCollection_prunesRecordsOfRemovedImages() {
    NodeDayOutcome outcome = Scenarios.run(Scenarios.small(4).build()).outcome();

    assertThat(outcome.gcRuns()).isEqualTo(11);
    assertThat(outcome.imagesRemoved()).isPositive();
    assertThat(outcome.recordsPruned()).isPositive().isLessThanOrEqualTo(outcome.imagesRemoved());
    assertThat(outcome.modelMismatches()).isZero();
  }

  @Test
  void run_noGarbageRemoved_prunesNothing() {
    NodeDayOutcome outcome = Scenarios.run(Scenarios.small(4).gcRemoveShare(0).build()).outcome();

    assertThat(outcome.imagesRemoved()).isZero();
    assertThat(outcome.recordsPruned()).isZero();
  }

  @Test
  void run_rotatingSecrets_producesCoordinatesMatches() {
    NodeDayOutcome rotating =
        Scenarios.run(Scenarios.small(6).secretRecreateShare(0).build()).outcome();
    NodeDayOutcome still =
        Scenarios.run(Scenarios.small(6).secretChangesPerHour(0).build()).outcome();

    assertThat(rotating.secretRotations()).isPositive();
    assertThat(rotating.decisions(DecisionReason.SECRET_COORDINATES_MATCH)).isPositive();
    assertThat(still.secretRotations()).isZero();
    assertThat(still.decisions(DecisionReason.SECRET_COORDINATES_MATCH)).isZero();
  }

  @Test
  void run_storeWithRecordsAtDawn_isRefused() {
    NodeDaySimulator simulator =
        new NodeDaySimulator(Scenarios.small(2).build(), PullGateOpener.inMemory());
    simulator.run();

    assertThatIllegalStateException()
        .isThrownBy(simulator::run)
        .withMessageStartingWith("a simulated day starts from an empty store, this one holds ");
  }

  @Test
  void run_progress_climbsToTheTotal() {
    List<long[]> calls = new ArrayList<>();

    new NodeDaySimulator(Scenarios.small(2).build(), PullGateOpener.inMemory())
        .run((done, total) -> calls.add(new long[] {done, total}));

    assertThat(calls).hasSizeGreaterThan(100);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
      assertThat(calls.get(i)[1]).isEqualTo(2_000);
    }
    assertThat(calls.get(calls.size() - 1)).containsExactly(2_000, 2_000);
  }
}
