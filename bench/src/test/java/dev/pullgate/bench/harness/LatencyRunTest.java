package dev.pullgate.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PodCredentials;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LatencyRunTest {
  private final PullGate gate =
      PullGate.open(PullGateConfig.builder().storeKind(PullGateConfig.StoreKind.MEMORY).build());

  @AfterEach
  void close() {
    gate.close();
  }

  /** A node whose threads ask about one preloaded image, and fail after {@code failAfter} asks. */
  private static PreparedNode preloadedImage(long failAfter) {
    return new PreparedNode() {
      @Override
      public InstantSource clock() {
        return InstantSource.system();
      }

      @Override
      public NodeThread thread(int index, int count, long seed) {
        AtomicLong asked = new AtomicLong();
        return new NodeThread() {
          @Override
          public Probe next(PullGate gate) {
            if (asked.incrementAndGet() > failAfter) {
              throw new IllegalStateException("node thread " + index + " broke");
            }
            return new Probe(
                "registry.pullgate.test/preloaded:v1",
                "sha256:" + "ab".repeat(32),
                PodCredentials.none());
          }

          @Override
          public void decided(PullGate gate, Probe probe, PullDecision decision) {}
        };
      }
    };
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void eachThreadMeasuresItsLimit_andTheWarmupIsLeftOut() {
    ConcurrentHashMap<Integer, AtomicLong> seen = new ConcurrentHashMap<>();
    LatencyRun.Measurement m =
        LatencyRun.run(
            gate,
            preloadedImage(Long.MAX_VALUE),
            new long[] {1, 2},
            new LatencyRun.Phases(Duration.ofSeconds(1), Duration.ofMinutes(5), 700),
            (thread, probe, decision) -> {
              assertThat(decision.reason()).isEqualTo(DecisionReason.POLICY_ALLOWED);
              seen.computeIfAbsent(thread, t -> new AtomicLong()).incrementAndGet();
            },
            elapsed -> {});

    assertThat(m.latency().count()).isEqualTo(1_400);
    assertThat(m.pulls()).isZero();
    assertThat(m.storeErrors()).isZero();
    assertThat(m.latency().p50()).isPositive().isLessThanOrEqualTo(m.latency().p99());
    assertThat(m.latency().p99()).isLessThanOrEqualTo(m.latency().max());
    assertThat(seen.keySet()).containsExactlyInAnyOrder(0, 1);
    // Both threads decided during the warm-up too, and those decisions were not measured.
    assertThat(seen.get(0).get()).isGreaterThan(700);
    assertThat(seen.get(1).get()).isGreaterThan(700);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFailingThread_stopsTheRun_andIsReported() {
    assertThatThrownBy(
            () ->
                LatencyRun.run(
                    gate,
                    preloadedImage(50),
                    new long[] {1},
                    new LatencyRun.Phases(Duration.ZERO, Duration.ofMinutes(5), 0),
                    DecisionListener.NONE,
                    elapsed -> {}))
        .isInstanceOf(BenchFailure.class)
        .hasMessage("benchmark thread 0 failed: node thread 0 broke");
  }

  @Test
  void phases_areChecked() {
    assertThatThrownBy(
            () -> new LatencyRun.Phases(Duration.ofSeconds(-1), Duration.ofSeconds(1), 0))
        .hasMessage("warmup must not be negative, was -1000 ms");
    assertThatThrownBy(() -> new LatencyRun.Phases(Duration.ZERO, Duration.ZERO, 0))
        .hasMessage("measure must be positive, was 0 ms");
    assertThatThrownBy(() -> new LatencyRun.Phases(Duration.ZERO, Duration.ofSeconds(1), -1))
        .hasMessage("decisions must not be negative, was -1");
  }
}
