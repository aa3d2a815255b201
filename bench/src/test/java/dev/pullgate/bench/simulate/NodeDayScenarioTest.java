package dev.pullgate.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pullgate.VerificationPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeDayScenarioTest {

  @Test
  void defaults_describeADayOfAboutFiftyThousandChecks() {
    NodeDayScenario s = NodeDayScenario.defaults();

    assertThat(s.hours()).isEqualTo(24);
    assertThat(s.podStarts() * (1 + s.maxContainersPerPod()) / 2).isEqualTo(50_000);
    assertThat(s.policy()).isEqualTo(VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES);
    assertThat(s.restartHours()).containsExactly(12);
  }

  @Test
  void toBuilder_unchanged_buildsAnEqualScenario() {
    NodeDayScenario s = Scenarios.small(9).policy(VerificationPolicy.ALWAYS_VERIFY).build();

    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s.toBuilder().seed(10).build()).isNotEqualTo(s);
  }

  @Test
  void builder_outOfRangeValues_areRejectedNamingTheSetting() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NodeDayScenario.builder().privateShare(1.5))
        .withMessage("privateShare must be from 0 to 1, was 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NodeDayScenario.builder().gcRemoveShare(Double.NaN))
        .withMessageStartingWith("gcRemoveShare");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NodeDayScenario.builder().podStarts(0))
        .withMessage("podStarts must be from 1 to 100000000, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NodeDayScenario.builder().secretChangesPerHour(-1))
        .withMessageStartingWith("secretChangesPerHour");
  }

  @Test
  void build_contradictorySettings_areRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NodeDayScenario.builder().namespaces(3).teams(4).build())
        .withMessage("teams must be at most namespaces (3), was 4");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NodeDayScenario.builder().hours(4).restartHours(List.of(4)).build())
        .withMessage("restartHours must be before the day's end (hours=4), was 4");
  }
}
