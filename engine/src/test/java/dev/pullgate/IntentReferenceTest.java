package dev.pullgate;

import static dev.pullgate.DecisionReason.NO_RECORD;
import static dev.pullgate.DecisionReason.POLICY_ALLOWED;
import static dev.pullgate.image.Vectors.H64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.record.PulledRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Intents and in-flight pulls are keyed by the image's normalised reference (ENGINE-SPEC §1), so
 * every spelling of one reference is one intent: writing, deciding, ending and reconciling agree
 * however the image is spelled (a deviation from the kubelet, which keys them by the string).
 */
class IntentReferenceTest {
  private static final String REF = "sha256:" + "3".repeat(64);
  private static final String OTHER_REF = "sha256:" + "4".repeat(64);
  private static final String DIGEST = "sha256:" + H64;

  private final TestClock clock = new TestClock();

  private PullGate open() {
    return PullGate.open(DecisionTableTest.memory(PullGateConfig.defaults()), clock);
  }

  @ParameterizedTest(name = "intent {0}, decision {1} -> {2}")
  @CsvSource({
    "nginx:1.25,                                  docker.io/library/nginx:1.25,          NO_RECORD",
    "docker.io/library/nginx:1.25,                nginx:1.25,                            NO_RECORD",
    "index.docker.io/library/nginx:1.25,          docker.io/nginx:1.25,                  NO_RECORD",
    "nginx,                                       docker.io/library/nginx:latest,        NO_RECORD",
    "nginx:latest,                                nginx,                                 NO_RECORD",
    "nginx:1.25,                                  nginx:1.26,                            POLICY_ALLOWED",
    "nginx:1.25,                                  nginx,                                 POLICY_ALLOWED",
    "team/app:v1,                                 docker.io/team/app:v1,                 NO_RECORD",
    "team/app:v1,                                 library/app:v1,                        POLICY_ALLOWED",
    "nginx:1.25@" + DIGEST + ", nginx@" + DIGEST + ", NO_RECORD",
    "nginx:1.25@" + DIGEST + ", nginx:9.9@" + DIGEST + ", NO_RECORD",
    "nginx:1.25@" + DIGEST + ", nginx:1.25, POLICY_ALLOWED",
  })
  void intent_countsAsPulledByTheNodeForEverySpellingOfItsReference(
      String intent, String image, DecisionReason expected) {
    try (PullGate gate = open()) {
      gate.recordPullIntent(intent);
      assertThat(gate.mustAttemptImagePull(image, REF, PodCredentials.none()).reason())
          .isEqualTo(expected);
      assertThat(gate.pullIntentExists(image)).isEqualTo(expected == NO_RECORD);
      assertThat(gate.pullIntentExists(intent)).isTrue();
    }
  }

  @Test
  void intent_writtenUnderManySpellings_isOneStoredIntentEndedByAnyOfThem() {
    try (PullGate gate = open()) {
      gate.recordPullIntent("nginx:1.25");
      gate.recordPullIntent("docker.io/library/nginx:1.25");
      assertThat(gate.metrics().storedIntents()).isOne();
      assertThat(gate.metrics().inFlightPulls()).isEqualTo(2);

      gate.recordImagePullFailed("index.docker.io/nginx:1.25");
      assertThat(gate.pullIntentExists("nginx:1.25")).isTrue();
      gate.recordImagePulled("docker.io/nginx:1.25", REF, PullCredentials.nodePodsAccessible());
      assertThat(gate.pullIntentExists("nginx:1.25")).isFalse();
      assertThat(gate.metrics().storedIntents()).isZero();
      assertThat(gate.metrics().inFlightPulls()).isZero();
    }
  }

  @Test
  void pulled_underAnotherSpelling_endsTheIntentAndRecordsTheNormalisedName() {
    try (PullGate gate = open()) {
      gate.recordPullIntent("nginx:1.25");
      gate.recordImagePulled(
          "docker.io/library/nginx:1.25", REF, PullCredentials.nodePodsAccessible());
      assertThat(gate.pullIntentExists("nginx:1.25")).isFalse();
      assertThat(gate.metrics().inFlightPulls()).isZero();
      assertThat(gate.pulledRecord(REF).orElseThrow().credentialMapping())
          .containsOnlyKeys("docker.io/library/nginx");
      assertThat(gate.mustAttemptImagePull("nginx:1.25", REF, PodCredentials.none()).reason())
          .isEqualTo(DecisionReason.NODE_ACCESSIBLE);
    }
  }

  @Test
  void pulled_ofAnotherReference_leavesTheIntent() {
    try (PullGate gate = open()) {
      gate.recordPullIntent("nginx:1.25");
      gate.recordImagePulled("nginx:1.26", REF, PullCredentials.nodePodsAccessible());
      assertThat(gate.pullIntentExists("docker.io/library/nginx:1.25")).isTrue();
      assertThat(gate.metrics().inFlightPulls()).isOne();
      assertThat(gate.mustAttemptImagePull("nginx:1.25", OTHER_REF, PodCredentials.none()).reason())
          .isEqualTo(NO_RECORD);
    }
  }

  @ParameterizedTest(name = "intent {0}, runtime tag {1}, digest {2} -> {3}")
  @CsvSource({
    "nginx:1.25,                             docker.io/library/nginx:1.25,  '',  true",
    "docker.io/library/nginx:1.25,           nginx:1.25,                    '',  true",
    "nginx,                                  docker.io/library/nginx:latest, '', true",
    "docker.io/library/nginx:latest,         nginx,                         '',  true",
    "nginx:1.25,                             docker.io/library/nginx:1.26,  '',  false",
    "nginx:1.25,                             docker.io/library/nginx,       '',  false",
    "nginx:1.25@"
        + DIGEST
        + ", docker.io/library/nginx:1.25, docker.io/library/nginx@"
        + DIGEST
        + ", true",
    "nginx:1.25@" + DIGEST + ", docker.io/library/nginx:1.25, '', false",
    "nginx@" + DIGEST + ", '', docker.io/library/nginx@" + DIGEST + ", true",
  })
  void reconcile_matchesIntentsAndRuntimeReferencesByNormalisedReference(
      String intent, String tag, String digest, boolean converts) {
    try (PullGate gate = open()) {
      gate.recordPullIntent(intent);
      RuntimeImage image =
          new RuntimeImage(
              REF,
              tag.isEmpty() ? List.of() : List.of(tag),
              digest.isEmpty() ? List.of() : List.of(digest));
      assertThat(gate.reconcile(List.of(image))).isEqualTo(converts ? 1 : 0);
      assertThat(gate.pullIntentExists(intent)).isEqualTo(!converts);
      if (converts) {
        assertThat(gate.pulledRecord(REF))
            .contains(PulledRecord.withoutCredentials(REF, clock.instant()));
      } else {
        assertThat(gate.pulledRecord(REF)).isEmpty();
      }
    }
  }

  @Test
  void reference_withTagAndDigest_isIdentifiedByTheDigest() {
    String digested = "registry.example/team/app:v1@sha256:" + H64;
    try (PullGate gate = open()) {
      gate.recordPullIntent(digested);
      assertThat(gate.pullIntentExists("registry.example/team/app@sha256:" + H64)).isTrue();
      assertThat(gate.pullIntentExists("registry.example/team/app:v2@sha256:" + H64)).isTrue();
      assertThat(gate.pullIntentExists("registry.example/team/app:v1")).isFalse();
      gate.recordImagePullFailed("registry.example/team/app@sha256:" + H64);
      assertThat(gate.pullIntentExists(digested)).isFalse();
      assertThat(gate.mustAttemptImagePull(digested, REF, PodCredentials.none()).reason())
          .isEqualTo(POLICY_ALLOWED);
    }
  }
}
