package dev.pullgate;

import static dev.pullgate.DecisionReason.CREDENTIALS_EXPIRED;
import static dev.pullgate.DecisionReason.INVALID_INPUT;
import static dev.pullgate.DecisionReason.NODE_ACCESSIBLE;
import static dev.pullgate.DecisionReason.NO_MAPPING;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.NO_RECORD;
import static dev.pullgate.DecisionReason.POLICY_ALLOWED;
import static dev.pullgate.DecisionReason.SECRET_COORDINATES_MATCH;
import static dev.pullgate.DecisionReason.SECRET_HASH_MATCH;
import static dev.pullgate.DecisionReason.SERVICE_ACCOUNT_MATCH;
import static dev.pullgate.store.TestRecords.secret;
import static dev.pullgate.store.TestRecords.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGateConfig.StoreKind;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every step of the decision (ENGINE-SPEC §4) as a row: what the node did before, what the pod
 * asks, and the reason the engine must give.
 */
class DecisionTableTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "1".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);
  static final SecretCredential B = secret("team-b", "regcred", 2);
  static final SecretCredential A_ROTATED = secret("team-a", "regcred", 3);
  static final SecretCredential B_WITH_A_HASH =
      SecretCredential.of("uid-x", "team-b", "copy", A.hash());

  static Stream<Arguments> rows() {
    return Stream.of(
        row("invalid image", g -> {}, "Not An Image!", REF, pod(A), INVALID_INPUT),
        row("invalid imageRef", g -> {}, IMAGE, "sha256 with space", pod(A), INVALID_INPUT),
        row("empty imageRef", g -> {}, IMAGE, "", pod(A), INVALID_INPUT),
        row("preloaded image, default policy", g -> {}, IMAGE, REF, pod(), POLICY_ALLOWED),
        row(
            "pulled with a secret, pod has none",
            pulledWith(A),
            IMAGE,
            REF,
            pod(),
            NO_MATCHING_CREDENTIALS),
        row(
            "pulled with a secret, pod has it",
            pulledWith(A),
            IMAGE,
            REF,
            pod(A),
            SECRET_HASH_MATCH),
        row(
            "pulled with a secret, other tag, pod has it",
            pulledWith(A),
            "registry.example/team/app:v2",
            REF,
            pod(A),
            SECRET_HASH_MATCH),
        row(
            "same hash in another namespace's secret",
            pulledWith(A),
            IMAGE,
            REF,
            pod(B_WITH_A_HASH),
            SECRET_HASH_MATCH),
        row(
            "other namespace, other credentials",
            pulledWith(A),
            IMAGE,
            REF,
            pod(B),
            NO_MATCHING_CREDENTIALS),
        row(
            "rotated secret matches by coordinates",
            pulledWith(A),
            IMAGE,
            REF,
            pod(A_ROTATED),
            SECRET_COORDINATES_MATCH),
        row(
            "recreated secret with a new uid and hash",
            pulledWith(A),
            IMAGE,
            REF,
            pod(SecretCredential.of("new-uid", "team-a", "regcred", A_ROTATED.hash())),
            NO_MATCHING_CREDENTIALS),
        row(
            "pod secret with an empty hash never matches",
            pulledWith(A),
            IMAGE,
            REF,
            pod(new SecretCredential(A.coordinates(), CredentialHash.EMPTY)),
            NO_MATCHING_CREDENTIALS),
        row(
            "anonymous pull, any pod",
            g -> pulled(g, IMAGE, PullCredentials.nodePodsAccessible()),
            IMAGE,
            REF,
            pod(),
            NODE_ACCESSIBLE),
        row(
            "service account pull, same account",
            g -> pulled(g, IMAGE, PullCredentials.serviceAccount(serviceAccount("ns", "sa"))),
            IMAGE,
            REF,
            PodCredentials.of(List.of(), serviceAccount("ns", "sa")),
            SERVICE_ACCOUNT_MATCH),
        row(
            "service account pull, other account",
            g -> pulled(g, IMAGE, PullCredentials.serviceAccount(serviceAccount("ns", "sa"))),
            IMAGE,
            REF,
            PodCredentials.of(List.of(), serviceAccount("ns", "other")),
            NO_MATCHING_CREDENTIALS),
        row(
            "pulled under another name",
            pulledWith(A),
            "registry.example/other/app:v1",
            REF,
            pod(A),
            NO_MAPPING),
        row(
            "unknown provenance record",
            g -> pulled(g, IMAGE, null),
            IMAGE,
            REF,
            pod(A),
            NO_MAPPING),
        row(
            "intent only, default policy",
            g -> g.recordPullIntent(IMAGE),
            IMAGE,
            REF,
            pod(A),
            NO_RECORD),
        row(
            "intent for another spelling of the same reference, default policy",
            g -> g.recordPullIntent("nginx:1.25"),
            "docker.io/library/nginx:1.25",
            REF,
            pod(A),
            NO_RECORD),
        row(
            "intent for another image string, default policy",
            g -> g.recordPullIntent("registry.example/team/app:v9"),
            IMAGE,
            REF,
            pod(A),
            POLICY_ALLOWED),
        row(
            "failed pull ends the intent",
            g -> {
              g.recordPullIntent(IMAGE);
              g.recordImagePullFailed(IMAGE);
            },
            IMAGE,
            REF,
            pod(A),
            POLICY_ALLOWED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decision(
      String description,
      Consumer<PullGate> before,
      String image,
      String imageRef,
      PodCredentials pod,
      DecisionReason expected) {
    try (PullGate gate = openGate(PullGateConfig.defaults())) {
      before.accept(gate);
      PullDecision decision = gate.mustAttemptImagePull(image, imageRef, pod);
      assertThat(decision.reason()).as(description).isEqualTo(expected);
      assertThat(decision.mustAttemptPull()).isEqualTo(expected.mustAttemptPull());
      assertThat(gate.metrics().decisions(expected)).isOne();
    }
  }

  @Test
  void decision_credentialsOlderThanMaxAge_areExpired() {
    TestClock clock = new TestClock();
    PullGateConfig config = PullGateConfig.builder().credentialMaxAge(Duration.ofDays(1)).build();
    try (PullGate gate = PullGate.open(memory(config), clock)) {
      pulledWith(A).accept(gate);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod(A)).reason())
          .isEqualTo(SECRET_HASH_MATCH);
      clock.advance(Duration.ofDays(1).plusSeconds(1));
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod(A)).reason())
          .isEqualTo(CREDENTIALS_EXPIRED);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod()).reason())
          .isEqualTo(NO_MATCHING_CREDENTIALS);
      pulledWith(A).accept(gate);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod(A)).reason())
          .isEqualTo(SECRET_HASH_MATCH);
    }
  }

  /**
   * Stored secret rows are sorted by hash and searched in place, so every hash must be found
   * wherever its row lands and whatever its bytes hold.
   */
  @ParameterizedTest(name = "secret {0} of 16")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void decision_anyOfManyStoredSecrets_matchesByHashAndByCoordinates(int seed) {
    try (PullGate gate = openGate(PullGateConfig.defaults())) {
      for (int s = 1; s <= 16; s++) {
        pulledWith(secret("ns-" + s, "regcred", s)).accept(gate);
      }
      SecretCredential stored = secret("ns-" + seed, "regcred", seed);
      SecretCredential rotated = secret("ns-" + seed, "regcred", 1000 + seed);
      SecretCredential copy = SecretCredential.of("uid-copy", "ns-copy", "copy", stored.hash());
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod(stored)).reason())
          .isEqualTo(SECRET_HASH_MATCH);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod(copy)).reason())
          .isEqualTo(SECRET_HASH_MATCH);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod(rotated)).reason())
          .isEqualTo(SECRET_COORDINATES_MATCH);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod(secret("ns-x", "x", 2000))).reason())
          .isEqualTo(NO_MATCHING_CREDENTIALS);
    }
  }

  static PullGate openGate(PullGateConfig config) {
    return PullGate.open(memory(config), new TestClock());
  }

  /** {@code config} with an in-memory store under the cache, as {@code pullgate.store=memory}. */
  static PullGateConfig memory(PullGateConfig config) {
    return config.toBuilder().storeKind(StoreKind.MEMORY).build();
  }

  static Consumer<PullGate> pulledWith(SecretCredential secret) {
    return g -> pulled(g, IMAGE, PullCredentials.secret(secret));
  }

  static void pulled(PullGate gate, String image, PullCredentials credentials) {
    gate.recordPullIntent(image);
    gate.recordImagePulled(image, REF, credentials);
  }

  static PodCredentials pod(SecretCredential... secrets) {
    return PodCredentials.of(List.of(secrets), null);
  }

  private static Arguments row(
      String description,
      Consumer<PullGate> before,
      String image,
      String imageRef,
      PodCredentials pod,
      DecisionReason expected) {
    return Arguments.of(description, before, image, imageRef, pod, expected);
  }
}
