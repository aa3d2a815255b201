package dev.pullgate.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPlanTest {
  private static final LatencyRun.Phases PHASES =
      new LatencyRun.Phases(Duration.ofSeconds(1), Duration.ofSeconds(1), 0);
  private static final List<StoreAdapter> ALL = List.of(StoreAdapter.values());

  private static BenchPlan plan(
      List<StoreAdapter> adapters, List<Integer> sizes, List<Integer> threads, int coldRuns) {
    return new BenchPlan(
        new SyntheticNode(1), adapters, sizes, threads, PHASES, List.of(1_000), coldRuns, 1);
  }

  @Test
  void settingsOutOfRange_areRefusedByName() {
    assertThatThrownBy(() -> plan(ALL, List.of(99), List.of(1), 1))
        .hasMessage("sizes must be from 100 to 10,000,000 records, was 99");
    assertThatThrownBy(() -> plan(ALL, List.of(1_000), List.of(0), 1))
        .hasMessage("threads must be from 1 to 64, was 0");
    assertThatThrownBy(() -> plan(ALL, List.of(1_000), List.of(1, 1), 1))
        .hasMessage("threads names 1 twice");
    assertThatThrownBy(() -> plan(List.of(), List.of(1_000), List.of(1), 1))
        .hasMessage("adapters must name at least 1");
    assertThatThrownBy(() -> plan(ALL, List.of(1_000), List.of(1), 0))
        .hasMessage("cold-runs must be from 1 to 100, was 0");
  }

  @Test
  void kubeletStoresBeyondTheirLimit_areRefused_butPullgateAloneMayGrow() {
    assertThatThrownBy(() -> plan(ALL, List.of(200_000), List.of(1), 1))
        .hasMessage(
            "sizes: kubelet-lru writes a file per record, at most 100,000, and sizes holds"
                + " 200,000; leave the kubelet adapters out for larger stores");

    BenchPlan pullgateOnly =
        plan(
            List.of(StoreAdapter.PULLGATE_CACHED, StoreAdapter.PULLGATE_LMDB),
            List.of(200_000),
            List.of(1),
            1);
    assertThat(pullgateOnly.sizes()).containsExactly(200_000);
  }

  @Test
  void coldStarts_coverTheKindsOfStoreMeasured() {
    assertThat(plan(ALL, List.of(1_000), List.of(1), 1).coldStartAdapters())
        .containsExactly(StoreAdapter.PULLGATE_CACHED, StoreAdapter.KUBELET_LRU);
    assertThat(
            plan(List.of(StoreAdapter.KUBELET_NO_LRU), List.of(1_000), List.of(1), 1)
                .coldStartAdapters())
        .containsExactly(StoreAdapter.KUBELET_LRU);
    assertThat(
            plan(List.of(StoreAdapter.PULLGATE_LMDB), List.of(1_000), List.of(1), 1)
                .coldStartAdapters())
        .containsExactly(StoreAdapter.PULLGATE_CACHED);
  }

  @Test
  void adapters_areNamedAsOnTheCommandLine() {
    assertThat(StoreAdapter.ids())
        .containsExactly("pullgate-cached", "pullgate-lmdb", "kubelet-lru", "kubelet-nolru");
    assertThat(StoreAdapter.fromId("kubelet-nolru")).isEqualTo(StoreAdapter.KUBELET_NO_LRU);
    assertThatThrownBy(() -> StoreAdapter.fromId("redis"))
        .hasMessage(
            "no adapter is named 'redis'; the adapters are pullgate-cached, pullgate-lmdb,"
                + " kubelet-lru, kubelet-nolru");
  }
}
