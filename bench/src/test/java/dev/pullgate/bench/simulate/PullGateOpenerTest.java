package dev.pullgate.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PullCredentials;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The in-memory opener: one store that outlives the engines opened over it. */
class PullGateOpenerTest {
  private static final PullGateConfig CONFIG =
      PullGateConfig.builder().storeKind(PullGateConfig.StoreKind.MEMORY).build();
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void inMemory_engineOpenedAfterAClose_findsTheRecordsAndIntentsOfTheOneBefore() {
    PullGateOpener opener = PullGateOpener.inMemory();
    try (PullGate first = opener.open(CONFIG, CLOCK)) {
      first.recordPullIntent("registry.example/app:v1");
      first.recordImagePulled(
          "registry.example/app:v1", "sha256:app", PullCredentials.nodePodsAccessible());
      first.recordPullIntent("nginx:1.25");
    }

    try (PullGate second = opener.open(CONFIG, CLOCK)) {
      assertThat(second.pulledRecord("sha256:app")).isPresent();
      assertThat(second.pullIntentExists("docker.io/library/nginx:1.25")).isTrue();
      assertThat(second.pullIntentExists("registry.example/app:v1")).isFalse();
      assertThat(second.metrics().storedRecords()).isOne();
    }
  }

  @Test
  void inMemory_openersKeepTheirRecordsApart() {
    PullGateOpener one = PullGateOpener.inMemory();
    try (PullGate gate = one.open(CONFIG, CLOCK)) {
      gate.recordPullIntent("registry.example/app:v1");
      gate.recordImagePulled(
          "registry.example/app:v1", "sha256:app", PullCredentials.nodePodsAccessible());
    }

    try (PullGate other = PullGateOpener.inMemory().open(CONFIG, CLOCK)) {
      assertThat(other.pulledRecord("sha256:app")).isEmpty();
      assertThat(other.metrics().storedRecords()).isZero();
    }
  }
}
