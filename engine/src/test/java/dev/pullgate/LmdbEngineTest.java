package dev.pullgate;

import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.store.lmdb.StoreDamage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine as {@code PullGate.open(config)} builds it: cache over write-behind over LMDB. */
class LmdbEngineTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "c".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);

  @TempDir Path dir;

  private PullGateConfig config() {
    return PullGateConfig.builder().storePath(dir.resolve("store")).build();
  }

  @Test
  void open_withoutAPath_namesTheMissingProperty() {
    assertThatThrownBy(() -> PullGate.open(PullGateConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pullgate.store.path is required");
  }

  @Test
  void records_andMergesMadeByDecisions_surviveARestart() {
    SecretCredential copy = SecretCredential.of("uid-copy", "team-b", "copy", A.hash());
    try (PullGate gate = PullGate.open(config())) {
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      gate.recordPullIntent("registry.example/team/pending:v1");
      assertThat(
              gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null))
                  .reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
    }
    try (PullGate gate = PullGate.open(config())) {
      assertThat(gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secrets())
          .extracting(CredentialSet.Secret::credential)
          .containsExactlyInAnyOrder(A, copy);
      assertThat(gate.pullIntentExists("registry.example/team/pending:v1")).isTrue();
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.none()).reason())
          .isEqualTo(DecisionReason.NO_MATCHING_CREDENTIALS);
      assertThat(gate.metrics().cache().recordHits() + gate.metrics().cache().recordMisses())
          .isPositive();
    }
  }

  @Test
  void damagedRecord_failsClosedAndTheNextPullReplacesIt() throws Exception {
    String image = "registry.example/marker-5be1d07c/app:v1";
    try (PullGate gate = PullGate.open(config())) {
      gate.recordImagePulled(image, REF, PullCredentials.secret(A));
    }
    assertThat(StoreDamage.flipEveryCopyOf(dir.resolve("store"), "marker-5be1d07c")).isPositive();
    PodCredentials teamA = PodCredentials.of(List.of(A), null);
    try (PullGate gate = PullGate.open(config())) {
      assertThat(gate.mustAttemptImagePull(image, REF, teamA).reason())
          .isEqualTo(DecisionReason.STORE_ERROR);
      gate.recordPullIntent(image);
      gate.recordImagePulled(image, REF, PullCredentials.secret(A));
      assertThat(gate.mustAttemptImagePull(image, REF, teamA).reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
      assertThat(gate.pullIntentExists(image)).isFalse();
    }
  }

  @Test
  void damagedRecord_failsClosedEvenUnderNeverVerify() throws Exception {
    String image = "registry.example/marker-9d2a44e1/app:v1";
    try (PullGate gate = PullGate.open(config())) {
      gate.recordImagePulled(image, REF, PullCredentials.secret(A));
    }
    StoreDamage.flipEveryCopyOf(dir.resolve("store"), "marker-9d2a44e1");
    PullGateConfig neverVerify =
        config().toBuilder().policy(VerificationPolicy.NEVER_VERIFY).build();
    try (PullGate gate = PullGate.open(neverVerify)) {
      assertThat(gate.mustAttemptImagePull(image, REF, PodCredentials.none()).reason())
          .isEqualTo(DecisionReason.STORE_ERROR);
    }
  }

  @Test
  void close_duringConcurrentDecisions_neverCrashesAndNeverGrantsWrongly() throws Exception {
    PullGate gate = PullGate.open(config());
    gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    SecretCredential stranger = secret("team-z", "other", 77);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger storeErrors = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(4);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  started.countDown();
                  for (int i = 0; i < 20_000; i++) {
                    PullDecision mine =
                        gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(A), null));
                    PullDecision theirs =
                        gate.mustAttemptImagePull(
                            IMAGE, REF, PodCredentials.of(List.of(stranger), null));
                    if (!theirs.mustAttemptPull()) {
                      wrong.incrementAndGet();
                    }
                    if (mine.reason() == DecisionReason.STORE_ERROR) {
                      storeErrors.incrementAndGet();
                    } else if (mine.reason() != DecisionReason.SECRET_HASH_MATCH) {
                      wrong.incrementAndGet();
                    }
                  }
                }));
      }
      started.await(10, TimeUnit.SECONDS);
      gate.close();
      for (Future<?> future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wrong).hasValue(0);
    PullDecision afterClose =
        gate.mustAttemptImagePull(IMAGE, "sha256:" + "d".repeat(64), PodCredentials.none());
    assertThat(afterClose.reason()).isEqualTo(DecisionReason.STORE_ERROR);
  }
}
