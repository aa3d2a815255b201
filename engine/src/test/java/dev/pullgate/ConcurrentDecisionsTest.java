package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.store.TestRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many threads pulling, rotating and deciding at once: no decision ever grants a pod whose
 * namespace never held the credentials, and no merge is lost.
 */
@Tag("concurrency")
class ConcurrentDecisionsTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 2_000;
  private static final String REF = "sha256:" + "9".repeat(64);
  private static final String IMAGE = "registry.example/team/app:v1";
  private static final String NAME = "registry.example/team/app";

  @Test
  void concurrentPullsAndDecisions_neverGrantAStranger() throws Exception {
    long seed = System.nanoTime();
    System.out.println("ConcurrentDecisionsTest seed " + seed);
    AtomicInteger wrongGrants = new AtomicInteger();
    try (PullGate gate =
        PullGate.open(DecisionTableTest.memory(PullGateConfig.defaults()), new TestClock())) {
      SecretCredential owner = TestRecords.secret("owner", "regcred", 1);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(owner));
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          SplittableRandom random = new SplittableRandom(seed + t);
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                      String namespace = "ns-" + thread + "-" + random.nextInt(50);
                      SecretCredential copy =
                          SecretCredential.of("uid-" + namespace, namespace, "copy", owner.hash());
                      SecretCredential stranger =
                          SecretCredential.of(
                              "uid-x-" + namespace, namespace, "other", strangerHash(thread, i));
                      PullDecision asCopy =
                          gate.mustAttemptImagePull(
                              IMAGE, REF, PodCredentials.of(List.of(copy), null));
                      PullDecision asStranger =
                          gate.mustAttemptImagePull(
                              IMAGE, REF, PodCredentials.of(List.of(stranger), null));
                      if (asCopy.mustAttemptPull() || !asStranger.mustAttemptPull()) {
                        wrongGrants.incrementAndGet();
                      }
                    }
                  }));
        }
        for (Future<?> future : futures) {
          future.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(wrongGrants).as("seed %d", seed).hasValue(0);
      // Merges run on the engine's worker; flush waits for every one handed over.
      gate.flush();
      assertThat(gate.metrics().droppedMerges()).as("seed %d", seed).isZero();
      assertThat(gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secrets())
          .as("merges bounded by maxSecretsPerImage, seed %d", seed)
          .hasSize(100);
    }
  }

  private static CredentialHash strangerHash(int thread, int round) {
    return TestRecords.hash(10_000 + thread * ROUNDS + round);
  }
}
