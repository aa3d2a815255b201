package dev.pullgate;

import static dev.pullgate.store.TestRecords.secret;
import static dev.pullgate.store.TestRecords.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision that rests on a cached record, or on a record read in place from LMDB with the cache
 * off, with immutable pod credentials ({@link PodCredentials.Fixed}), allocates nothing once warm:
 * the bytes this thread allocates, as the JVM counts them, do not grow over many decisions. An
 * allocation count, not a timing.
 */
class DecisionAllocationTest {
  private static final String IMAGE = "registry.example/team/app:v1";
  private static final String SECRET_REF = "sha256:" + "1".repeat(64);
  private static final String PUBLIC_REF = "sha256:" + "2".repeat(64);
  private static final SecretCredential A = secret("team-a", "regcred", 1);
  private static final ServiceAccountCoordinates SA = serviceAccount("team-s", "builder");
  private static final int ROUNDS = 2_000;
  private static final int WARM_UP_PASSES = 10;
  private static final int MEASURED_PASSES = 3;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private long sink;

  /** One kind of decision to measure: its pod, its imageRef, and the reason it must give. */
  private record Case(String name, String imageRef, PodCredentials pod, DecisionReason reason) {}

  @Test
  void decisionsOnACachedRecord_withFixedPodCredentials_allocateNothing() {
    measureAndAssert(PullGateConfig.builder().storeKind(PullGateConfig.StoreKind.MEMORY));
  }

  @Test
  void decisionsOnACachedRecord_withCredentialsThatAge_allocateNothing() {
    measureAndAssert(
        PullGateConfig.builder()
            .storeKind(PullGateConfig.StoreKind.MEMORY)
            .credentialMaxAge(Duration.ofDays(30)));
  }

  @Test
  void decisionsReadInPlaceFromLmdb_withTheCacheOff_allocateNothing(@TempDir Path dir) {
    measureAndAssert(
        PullGateConfig.builder()
            .storeKind(PullGateConfig.StoreKind.LMDB)
            .storePath(dir.resolve("store"))
            .cacheMaxRecords(0)
            .cacheMaxIntents(0));
  }

  private void measureAndAssert(PullGateConfig.Builder config) {
    threads.setThreadAllocatedMemoryEnabled(true);
    PullGateConfig memory = config.build();
    try (PullGate gate = PullGate.open(memory, new TestClock())) {
      gate.recordImagePulled(IMAGE, SECRET_REF, PullCredentials.secret(A));
      gate.recordImagePulled(IMAGE, SECRET_REF, PullCredentials.serviceAccount(SA));
      gate.recordImagePulled(IMAGE, PUBLIC_REF, PullCredentials.nodePodsAccessible());
      List<Case> cases =
          List.of(
              new Case(
                  "hash match",
                  SECRET_REF,
                  PodCredentials.of(List.of(A), null),
                  DecisionReason.SECRET_HASH_MATCH),
              new Case(
                  "node accessible",
                  PUBLIC_REF,
                  PodCredentials.of(List.of(A), null),
                  DecisionReason.NODE_ACCESSIBLE),
              new Case(
                  "service account match",
                  SECRET_REF,
                  PodCredentials.of(List.of(), SA),
                  DecisionReason.SERVICE_ACCOUNT_MATCH),
              new Case(
                  "no matching credentials",
                  SECRET_REF,
                  PodCredentials.of(List.of(secret("team-z", "other", 9)), null),
                  DecisionReason.NO_MATCHING_CREDENTIALS));
      for (Case c : cases) {
        assertThat(gate.mustAttemptImagePull(IMAGE, c.imageRef(), c.pod()).reason())
            .as(c.name())
            .isEqualTo(c.reason());
      }

      for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
        for (Case c : cases) {
          allocatedBy(gate, c);
        }
      }
      long[] allocated = new long[cases.size()];
      Arrays.fill(allocated, Long.MAX_VALUE);
      for (int pass = 0; pass < MEASURED_PASSES; pass++) {
        for (int i = 0; i < cases.size(); i++) {
          allocated[i] = Math.min(allocated[i], allocatedBy(gate, cases.get(i)));
        }
      }

      List<String> report = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        report.add(cases.get(i).name() + "=" + allocated[i]);
      }
      System.out.println(
          "DecisionAllocationTest bytes per "
              + ROUNDS
              + " decisions, maxAge "
              + memory.credentialMaxAge()
              + ": "
              + report);
      assertThat(sink).as("decisions made").isEqualTo(expectedSink(cases));
      assertThat(report)
          .as("bytes allocated per %d decisions", ROUNDS)
          .containsExactly(
              "hash match=0",
              "node accessible=0",
              "service account match=0",
              "no matching credentials=0");
      // The decisions measured were counted, so none was answered from somewhere else.
      assertThat(gate.metrics().decisions(DecisionReason.SECRET_HASH_MATCH))
          .isEqualTo(1L + (long) ROUNDS * (WARM_UP_PASSES + MEASURED_PASSES));
    }
  }

  /** The bytes this thread allocates for {@value #ROUNDS} decisions of {@code c}. */
  private long allocatedBy(PullGate gate, Case c) {
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int round = 0; round < ROUNDS; round++) {
      sink += gate.mustAttemptImagePull(IMAGE, c.imageRef(), c.pod()).reason().ordinal() + 1;
    }
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  private static long expectedSink(List<Case> cases) {
    long perPass = 0;
    for (Case c : cases) {
      perPass += (long) ROUNDS * (c.reason().ordinal() + 1);
    }
    return perPass * (WARM_UP_PASSES + MEASURED_PASSES);
  }
}
