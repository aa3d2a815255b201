package dev.pullgate.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import dev.pullgate.bench.simulate.PullGateOpener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every adapter decides through the same engine, so one thread of the synthetic node, from the same
 * seed, gets the same decisions over each store: pulls, rotations and collections included.
 */
class AdaptersDecideAlikeTest {
  private static final int RECORDS = 200;
  private static final int DECISIONS = 6_000;

  @TempDir Path dir;

  /** A decision as the comparison sees it. */
  private record Decided(String image, String imageRef, DecisionReason reason) {}

  @Test
  void sameWorkload_sameDecisions_onEveryAdapter() {
    Map<StoreAdapter, List<Decided>> decided = new EnumMap<>(StoreAdapter.class);
    Map<StoreAdapter, String> activity = new EnumMap<>(StoreAdapter.class);
    for (StoreAdapter adapter : StoreAdapter.values()) {
      List<Decided> decisions = Collections.synchronizedList(new ArrayList<>());
      PullGateOpener opener = adapter.opener(dir.resolve(adapter.id()));
      SyntheticNode workload = new SyntheticNode(11);
      PreparedNode node = workload.prepare(opener, RECORDS);
      try (PullGate gate = opener.open(workload.config(), node.clock())) {
        LatencyRun.Measurement m =
            LatencyRun.run(
                gate,
                node,
                new long[] {99},
                new LatencyRun.Phases(Duration.ZERO, Duration.ofMinutes(5), DECISIONS),
                (thread, probe, decision) -> {
                  decisions.add(
                      new Decided(probe.image(), probe.imageRef(), folded(decision.reason())));
                  // A merge the decision handed over lands before the next decision, whatever the
                  // machine's load, so that every adapter sees the same records.
                  gate.flush();
                },
                elapsed -> {});
        assertThat(m.latency().count()).isEqualTo(DECISIONS);
        assertThat(m.storeErrors()).isZero();
      }
      decided.put(adapter, decisions);
      activity.put(adapter, node.notes());
    }

    List<Decided> expected = decided.get(StoreAdapter.PULLGATE_CACHED);
    for (StoreAdapter adapter : StoreAdapter.values()) {
      int first = firstDifference(expected, decided.get(adapter));
      assertThat(first)
          .as(
              "%s first decides otherwise at decision %d: %s instead of %s",
              adapter.id(), first, at(decided.get(adapter), first), at(expected, first))
          .isEqualTo(-1);
      assertThat(activity.get(adapter))
          .as(adapter.id())
          .isEqualTo(activity.get(StoreAdapter.PULLGATE_CACHED));
    }
    // The workload exercised what it claims: uses by secret and by node access, refusals, and
    // the node's rotations and collections.
    assertThat(expected)
        .extracting(Decided::reason)
        .contains(
            DecisionReason.SECRET_HASH_MATCH,
            DecisionReason.NODE_ACCESSIBLE,
            DecisionReason.NO_MATCHING_CREDENTIALS);
    assertThat(activity.get(StoreAdapter.PULLGATE_CACHED))
        .containsPattern("[1-9][0-9,]* pulls")
        .containsPattern("[1-9][0-9,]* secret rotations")
        .containsPattern("[1-9][0-9,]* collections removing [1-9]");
  }

  /**
   * A rotated secret matches by coordinates until the background merge stores its new hash, and
   * when that merge lands is the merge thread's timing: the two reasons are one use by secret here.
   */
  /** The first index where the lists differ (in length too), or -1. */
  private static int firstDifference(List<Decided> expected, List<Decided> actual) {
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return i;
      }
    }
    return expected.size() == actual.size() ? -1 : n;
  }

  private static Object at(List<Decided> decisions, int i) {
    return i >= 0 && i < decisions.size() ? decisions.get(i) : "nothing";
  }

  private static DecisionReason folded(DecisionReason reason) {
    return reason == DecisionReason.SECRET_COORDINATES_MATCH
        ? DecisionReason.SECRET_HASH_MATCH
        : reason;
  }
}
