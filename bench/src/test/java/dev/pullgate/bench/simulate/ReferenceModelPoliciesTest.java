package dev.pullgate.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.VerificationPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulated day in observed preloaded mode and with credentials that expire: the reference
 * model agrees with the engine under every policy, and catches an engine that ignores expiry.
 */
class ReferenceModelPoliciesTest {
  private static final Duration MAX_AGE = Duration.ofMinutes(30);

  @ParameterizedTest
  @EnumSource(VerificationPolicy.class)
  void run_observedPreloadedMode_hasNoViolationsOrMismatches(VerificationPolicy policy) {
    NodeDayScenario scenario =
        Scenarios.small(3).policy(policy).preloadedMode(PreloadedMode.OBSERVED).build();

    NodeDayOutcome outcome = Scenarios.run(scenario).outcome();

    assertThat(outcome.useDecisions()).isPositive();
    assertThat(outcome.oracleViolations()).as("%s", outcome.violationSamples()).isZero();
    assertThat(outcome.modelMismatches()).as("%s", outcome.violationSamples()).isZero();
    if (policy == VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES) {
      // The images observed at dawn are used as preloaded.
      assertThat(outcome.decisions(DecisionReason.POLICY_ALLOWED)).isPositive();
    }
    if (policy == VerificationPolicy.ALWAYS_VERIFY) {
      // Observed images have no pulled record, so they are verified by a pull.
      assertThat(outcome.decisions(DecisionReason.NO_RECORD)).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(VerificationPolicy.class)
  void run_credentialsThatExpire_haveNoViolationsOrMismatches(VerificationPolicy policy) {
    NodeDayScenario scenario = Scenarios.small(5).policy(policy).credentialMaxAge(MAX_AGE).build();

    NodeDayOutcome outcome = Scenarios.run(scenario).outcome();

    assertThat(outcome.oracleViolations()).as("%s", outcome.violationSamples()).isZero();
    assertThat(outcome.modelMismatches()).as("%s", outcome.violationSamples()).isZero();
    if (policy != VerificationPolicy.NEVER_VERIFY) {
      assertThat(outcome.decisions(DecisionReason.CREDENTIALS_EXPIRED)).isPositive();
    }
  }

  @Test
  void run_observedModeWithExpiry_hasNoViolationsOrMismatches() {
    NodeDayScenario scenario =
        Scenarios.small(11).preloadedMode(PreloadedMode.OBSERVED).credentialMaxAge(MAX_AGE).build();

    NodeDayOutcome outcome = Scenarios.run(scenario).outcome();

    assertThat(outcome.oracleViolations()).as("%s", outcome.violationSamples()).isZero();
    assertThat(outcome.modelMismatches()).as("%s", outcome.violationSamples()).isZero();
  }

  @Test
  void run_engineIgnoringTheMaximumAge_isCaughtAsViolations() {
    NodeDayScenario scenario = Scenarios.small(5).credentialMaxAge(MAX_AGE).build();
    PullGateOpener records = PullGateOpener.inMemory();
    PullGateOpener neverExpires =
        (config, clock) ->
            records.open(config.toBuilder().credentialMaxAge(Duration.ZERO).build(), clock);

    NodeDayOutcome outcome = new NodeDaySimulator(scenario, neverExpires).run().outcome();

    assertThat(outcome.oracleViolations()).isPositive();
    assertThat(outcome.decisions(DecisionReason.CREDENTIALS_EXPIRED)).isZero();
  }

  @Test
  void scenario_keepsItsPreloadedModeAndMaximumAge_andRejectsANegativeAge() {
    NodeDayScenario scenario =
        Scenarios.small(1).preloadedMode(PreloadedMode.OBSERVED).credentialMaxAge(MAX_AGE).build();

    assertThat(scenario.toBuilder().build()).isEqualTo(scenario);
    assertThat(scenario.toBuilder().credentialMaxAge(Duration.ZERO).build()).isNotEqualTo(scenario);
    assertThat(NodeDayScenario.defaults().preloadedMode()).isEqualTo(PreloadedMode.INFERRED);
    assertThat(NodeDayScenario.defaults().credentialMaxAge()).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NodeDayScenario.builder().credentialMaxAge(Duration.ofSeconds(-1)))
        .withMessage("credentialMaxAge must not be negative, was PT-1S");
  }
}
