package dev.pullgate.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the parent reads a cold start child's line; a real child runs in the CLI's bench test. */
class ColdStartTest {

  @Test
  void aChildsLine_becomesASample_timedFromTheLaunch() {
    ColdStartSample sample =
        ColdStart.sample(
            "the cold start",
            "main=1000300 open=40000000 open-classes=25 decision=2000000 decision-classes=1"
                + " end=1050000 reason=SECRET_HASH_MATCH\n",
            1_000_000);

    assertThat(sample)
        .isEqualTo(new ColdStartSample(300_000, 40_000_000, 25, 2_000_000, 1, 50_000_000));
  }

  @Test
  void aDecisionOtherThanTheStoreGrants_failsTheRun() {
    assertThatThrownBy(
            () ->
                ColdStart.sample(
                    "the cold start of kubelet-lru with 100 records",
                    "main=1 open=1 open-classes=-1 decision=1 decision-classes=-1 end=2"
                        + " reason=NO_RECORD",
                    0))
        .isInstanceOf(BenchFailure.class)
        .hasMessage(
            "the cold start of kubelet-lru with 100 records decided NO_RECORD, where its store"
                + " grants SECRET_HASH_MATCH");
  }

  @Test
  void anUnreadableLine_failsTheRun() {
    assertThatThrownBy(() -> ColdStart.sample("it", "", 0))
        .isInstanceOf(BenchFailure.class)
        .hasMessage(
            "it decided null, where its store grants SECRET_HASH_MATCH (it printed nothing)");
    assertThatThrownBy(
            () -> ColdStart.sample("it", "main=x open=1 end=2 reason=SECRET_HASH_MATCH", 0))
        .isInstanceOf(BenchFailure.class)
        .hasMessageStartingWith("it printed an unreadable line: main=x");
  }

  @Test
  void medians_areTakenTimingByTiming() {
    ColdStartResult result =
        ColdStartResult.of(
            StoreAdapter.PULLGATE_CACHED,
            1_000,
            List.of(
                new ColdStartSample(3, 10, 5, 100, 1, 1_000),
                new ColdStartSample(1, 30, 7, 300, -1, 3_000),
                new ColdStartSample(2, 20, 6, 200, 2, 2_000)));

    assertThat(result.runs()).isEqualTo(3);
    assertThat(result.median()).isEqualTo(new ColdStartSample(2, 20, 6, 200, 1, 2_000));
  }
}
