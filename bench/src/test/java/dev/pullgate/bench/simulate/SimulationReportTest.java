package dev.pullgate.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.DecisionReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationReportTest {

  @Test
  void render_realRun_showsEveryReasonSeenAndTheChecks() {
    SimulationResult result = Scenarios.run(Scenarios.small(3).build());

    String report = SimulationReport.render(result);

    for (DecisionReason reason : DecisionReason.values()) {
      if (result.outcome().decisions(reason) > 0) {
        assertThat(report).contains(reason.name());
      }
    }
    assertThat(report)
        .contains("Decisions by reason", "policy", "NeverVerifyPreloadedImages")
        .contains("agent restarts", "records pruned")
        .containsPattern("at 02:\\d\\d:\\d\\d: \\d+ pulls cut off")
        .containsPattern("oracle violations +0  ok")
        .contains("p99.9");
    assertThat(report).doesNotContain("pw-");
  }

  @Test
  void render_fixedResult_printsCountsAndLatencies() {
    NodeDayOutcome outcome =
        new NodeDayOutcome(
            NodeDayScenario.defaults(),
            Map.of(DecisionReason.SECRET_HASH_MATCH, 3L, DecisionReason.NO_RECORD, 1L),
            2,
            5,
            2,
            1,
            0,
            0,
            0,
            0,
            0,
            List.of(),
            7,
            0,
            1,
            0,
            List.of("00:00:01 violation: a pod in ns-1 may use x (SECRET_HASH_MATCH)"));
    SimulationResult result =
        new SimulationResult(
            outcome,
            new LatencySummary(4, 850, 12_300, 4_560_000, 5_000_000, 2_000_000_000L),
            Duration.ofMillis(1500));

    String report = SimulationReport.render(result);

    assertThat(report)
        .containsPattern("SECRET_HASH_MATCH +3 +75\\.0%  credentialRecordFound")
        .containsPattern("NO_RECORD +1 +25\\.0%  mustAuthenticate")
        .doesNotContain("NO_MAPPING")
        .containsPattern("total +4 +100\\.0%")
        .containsPattern("oracle violations +1  BUG, see below")
        .contains("00:00:01 violation: a pod in ns-1 may use x")
        .contains("850 ns", "12.3 µs", "4.56 ms", "2.00 s")
        .contains("Simulated in 1.50 s");
  }

  @Test
  void clockTime_pastADay_keepsCountingHours() {
    assertThat(SimulationReport.clockTime(Duration.ofSeconds(26 * 3600 + 61)))
        .isEqualTo("26:01:01");
  }
}
