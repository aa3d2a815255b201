package dev.pullgate.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGate;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.store.PullRecordStore;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference model finds nothing wrong with the engine, and does find a broken one. */
class ReferenceModelOracleTest {

  static Stream<Arguments> policiesAndSeeds() {
    return Stream.of(VerificationPolicy.values())
        .flatMap(policy -> Stream.of(1L, 7L, 42L).map(seed -> Arguments.of(policy, seed)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("policiesAndSeeds")
  void run_everyPolicyAndSeed_hasNoViolationsOrMismatches(VerificationPolicy policy, long seed) {
    NodeDayScenario scenario = Scenarios.small(seed).policy(policy).build();

    NodeDayOutcome outcome = Scenarios.run(scenario).outcome();

    assertThat(outcome.useDecisions()).isPositive();
    assertThat(outcome.oracleViolations())
        .as("violations, seed %d: %s", seed, outcome.violationSamples())
        .isZero();
    assertThat(outcome.modelMismatches())
        .as("mismatches, seed %d: %s", seed, outcome.violationSamples())
        .isZero();
  }

  @Test
  void run_defaultScenario_hasNoViolationsOrMismatches() {
    NodeDayOutcome outcome = Scenarios.run(NodeDayScenario.defaults()).outcome();

    assertThat(outcome.totalDecisions()).isGreaterThan(40_000);
    assertThat(outcome.oracleViolations()).as("%s", outcome.violationSamples()).isZero();
    assertThat(outcome.modelMismatches()).as("%s", outcome.violationSamples()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = VerificationPolicy.class,
      names = {"NEVER_VERIFY_PRELOADED_IMAGES", "ALWAYS_VERIFY"})
  void run_engineIgnoringThePolicy_isCaughtAsViolations(VerificationPolicy policy) {
    NodeDayScenario scenario = Scenarios.small(1).policy(policy).build();
    PullGateOpener neverVerifies =
        (config, clock) ->
            PullGate.open(
                config.toBuilder().policy(VerificationPolicy.NEVER_VERIFY).build(),
                PullRecordStore.inMemory(),
                clock);

    NodeDayOutcome outcome = new NodeDaySimulator(scenario, neverVerifies).run().outcome();

    assertThat(outcome.oracleViolations()).isPositive();
    assertThat(outcome.violationSamples()).isNotEmpty().allMatch(s -> !s.contains("pw-"));
  }

  @Test
  void run_storeForgettingRecordsOnRestart_isCaughtAsMismatches() {
    PullGateOpener amnesiac =
        (config, clock) -> PullGate.open(config, PullRecordStore.inMemory(), clock);

    NodeDayOutcome outcome =
        new NodeDaySimulator(Scenarios.small(1).build(), amnesiac).run().outcome();

    assertThat(outcome.restarts().get(0).recordsAfterReopen()).isZero();
    assertThat(outcome.modelMismatches()).isPositive();
  }
}
