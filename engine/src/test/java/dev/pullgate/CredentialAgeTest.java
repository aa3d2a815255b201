package dev.pullgate;

import static dev.pullgate.DecisionReason.CREDENTIALS_EXPIRED;
import static dev.pullgate.DecisionReason.NODE_ACCESSIBLE;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.SECRET_COORDINATES_MATCH;
import static dev.pullgate.DecisionReason.SECRET_HASH_MATCH;
import static dev.pullgate.DecisionReason.SERVICE_ACCOUNT_MATCH;
import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.secret;
import static dev.pullgate.store.TestRecords.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials that age ({@code pullgate.credentials.maxAge}, ENGINE-SPEC §3 and §4): each entry
 * carries when a registry last accepted it, only a pull renews that, and a grant resting only on
 * entries accepted longer ago than the maximum age is {@code CREDENTIALS_EXPIRED}.
 */
class CredentialAgeTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "a".repeat(64);
  static final Duration MAX_AGE = Duration.ofDays(1);
  static final SecretCredential A = secret("team-a", "regcred", 1);
  static final SecretCredential A_ROTATED = secret("team-a", "regcred", 5);
  static final SecretCredential B = secret("team-b", "regcred", 2);
  static final SecretCredential COPY_OF_A =
      SecretCredential.of("uid-copy", "team-c", "copy", A.hash());
  static final ServiceAccountCoordinates SA = serviceAccount("team-s", "builder");

  private final TestClock clock = new TestClock();

  private PullGate open(PullGateConfig.Builder config) {
    return PullGate.open(config.storeKind(PullGateConfig.StoreKind.MEMORY).build(), clock);
  }

  private PullGate open() {
    return open(PullGateConfig.builder().credentialMaxAge(MAX_AGE));
  }

  private static DecisionReason decide(PullGate gate, SecretCredential... secrets) {
    return gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(secrets), null))
        .reason();
  }

  private static void pulled(PullGate gate, PullCredentials credentials) {
    gate.recordPullIntent(IMAGE);
    gate.recordImagePulled(IMAGE, REF, credentials);
  }

  private static CredentialSet.Secret stored(PullGate gate, SecretCredential secret) {
    return gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secretAt(secret.coordinates());
  }

  @Test
  void decision_matchDoesNotRenew_onlyAPullDoes() {
    try (PullGate gate = open()) {
      pulled(gate, PullCredentials.secret(A));
      clock.advance(Duration.ofHours(23));
      assertThat(decide(gate, A)).isEqualTo(SECRET_HASH_MATCH);
      clock.advance(Duration.ofHours(2));
      assertThat(decide(gate, A)).isEqualTo(CREDENTIALS_EXPIRED);
      gate.flush();
      assertThat(stored(gate, A).acceptedAt()).isEqualTo(T0);

      pulled(gate, PullCredentials.secret(A));
      assertThat(stored(gate, A).acceptedAt()).isEqualTo(T0.plus(Duration.ofHours(25)));
      clock.advance(Duration.ofHours(23));
      assertThat(decide(gate, A)).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  @Test
  void decision_serviceAccountAgesToo_andAPullRenewsIt() {
    try (PullGate gate = open()) {
      pulled(gate, PullCredentials.serviceAccount(SA));
      PodCredentials pod = PodCredentials.of(List.of(), SA);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason())
          .isEqualTo(SERVICE_ACCOUNT_MATCH);
      clock.advance(MAX_AGE.plusMillis(1));
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason())
          .isEqualTo(CREDENTIALS_EXPIRED);
      pulled(gate, PullCredentials.serviceAccount(SA));
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason())
          .isEqualTo(SERVICE_ACCOUNT_MATCH);
    }
  }

  @Test
  void decision_exactlyMaxAgeOld_stillGrants() {
    try (PullGate gate = open()) {
      pulled(gate, PullCredentials.secret(A));
      clock.advance(MAX_AGE);
      assertThat(decide(gate, A)).isEqualTo(SECRET_HASH_MATCH);
      clock.advance(Duration.ofMillis(1));
      assertThat(decide(gate, A)).isEqualTo(CREDENTIALS_EXPIRED);
    }
  }

  @Test
  void decision_learnedCoordinates_takeTheMatchedEntrysTime_andExpireWithIt() {
    try (PullGate gate = open()) {
      pulled(gate, PullCredentials.secret(A));
      clock.advance(Duration.ofHours(12));
      assertThat(decide(gate, COPY_OF_A)).isEqualTo(SECRET_HASH_MATCH);
      gate.flush();
      assertThat(stored(gate, COPY_OF_A)).isEqualTo(CredentialSet.Secret.of(COPY_OF_A, T0));

      clock.advance(Duration.ofHours(13));
      assertThat(decide(gate, COPY_OF_A)).isEqualTo(CREDENTIALS_EXPIRED);
      assertThat(decide(gate, A)).isEqualTo(CREDENTIALS_EXPIRED);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void decision_learnedCoordinates_takeTheLatestAcceptanceOfTheirHash(boolean ascending) {
    try (PullGate gate = open()) {
      // Six secrets hold A's credentials, proven by pulls an hour apart, once in one order and
      // once in the other: whichever the record keeps first, one of the runs proves it last.
      for (int step = 0; step < 6; step++) {
        int i = ascending ? step : 5 - step;
        SecretCredential copy = SecretCredential.of("uid-" + i, "ns-" + i, "copy", A.hash());
        pulled(gate, PullCredentials.secret(copy));
        clock.advance(Duration.ofHours(1));
      }
      assertThat(decide(gate, COPY_OF_A)).isEqualTo(SECRET_HASH_MATCH);
      gate.flush();
      // A registry last accepted these credentials with the sixth pull.
      Instant sixthPull = clock.instant().minus(Duration.ofHours(1));
      assertThat(stored(gate, COPY_OF_A).acceptedAt()).isEqualTo(sixthPull);
    }
  }

  @Test
  void decision_rotatedHash_isStoredWithTheOldEntrysTime_andExpiresWithIt() {
    try (PullGate gate = open()) {
      pulled(gate, PullCredentials.secret(A));
      clock.advance(Duration.ofHours(12));
      assertThat(decide(gate, A_ROTATED)).isEqualTo(SECRET_COORDINATES_MATCH);
      gate.flush();
      assertThat(stored(gate, A)).isEqualTo(CredentialSet.Secret.of(A_ROTATED, T0));
      assertThat(decide(gate, A_ROTATED)).isEqualTo(SECRET_HASH_MATCH);

      clock.advance(Duration.ofHours(13));
      assertThat(decide(gate, A_ROTATED)).isEqualTo(CREDENTIALS_EXPIRED);
    }
  }

  /**
   * Rows: what was pulled long ago (now expired), what was pulled recently, the pod, the reason.
   */
  static Stream<Arguments> expiredAndFresh() {
    SecretCredential copyOfA = SecretCredential.of("uid-elsewhere", "team-e", "regcred", A.hash());
    return Stream.of(
        row("expired A, then fresh B", A, B, pod(A, B), SECRET_HASH_MATCH),
        row("fresh B, then expired A", A, B, pod(B, A), SECRET_HASH_MATCH),
        row("expired A alone", A, B, pod(A), CREDENTIALS_EXPIRED),
        row("A rotated (expired), then fresh B", A, B, pod(A_ROTATED, B), SECRET_HASH_MATCH),
        row("A rotated (expired) alone", A, B, pod(A_ROTATED), CREDENTIALS_EXPIRED),
        // Rows of one hash are searched in turn: one of these two has the expired row first.
        row("A's hash stored twice, A expired", A, copyOfA, pod(A), SECRET_HASH_MATCH),
        row("A's hash stored twice, the copy expired", copyOfA, A, pod(A), SECRET_HASH_MATCH),
        row(
            "expired A, fresh account",
            A,
            SA,
            PodCredentials.of(List.of(A), SA),
            SERVICE_ACCOUNT_MATCH),
        row(
            "fresh A, expired account",
            SA,
            A,
            PodCredentials.of(List.of(A), SA),
            SECRET_HASH_MATCH),
        row("expired account alone", SA, B, PodCredentials.of(List.of(), SA), CREDENTIALS_EXPIRED),
        row("no match at all", A, B, pod(secret("team-z", "z", 9)), NO_MATCHING_CREDENTIALS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expiredAndFresh")
  void decision_expiredMatch_doesNotHideAFreshOneFurtherOn(
      String description,
      Object pulledLongAgo,
      Object pulledRecently,
      PodCredentials pod,
      DecisionReason expected) {
    try (PullGate gate = open()) {
      pulled(gate, credentialsOf(pulledLongAgo));
      clock.advance(MAX_AGE.multipliedBy(2));
      pulled(gate, credentialsOf(pulledRecently));
      clock.advance(Duration.ofHours(1));
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason())
          .as(description)
          .isEqualTo(expected);
    }
  }

  @Test
  void decision_nodeAccessibleEntry_neverExpires() {
    try (PullGate gate = open()) {
      pulled(gate, PullCredentials.nodePodsAccessible());
      clock.advance(Duration.ofDays(3650));
      assertThat(decide(gate)).isEqualTo(NODE_ACCESSIBLE);
    }
  }

  @Test
  void decision_withoutMaxAge_credentialsNeverExpire() {
    try (PullGate gate = open(PullGateConfig.builder().credentialMaxAge(Duration.ZERO))) {
      pulled(gate, PullCredentials.secret(A));
      clock.advance(Duration.ofDays(3650));
      assertThat(decide(gate, A)).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  @Test
  void pull_atTheBound_replacesTheSecretAcceptedLongestAgo_whileMatchesAddNothing() {
    SecretCredential x = secret("ns-x", "regcred", 11);
    SecretCredential y = secret("ns-y", "regcred", 12);
    SecretCredential z = secret("ns-z", "regcred", 13);
    try (PullGate gate =
        open(PullGateConfig.builder().credentialMaxAge(MAX_AGE).maxSecretsPerImage(2))) {
      pulled(gate, PullCredentials.secret(x));
      clock.advance(Duration.ofHours(1));
      pulled(gate, PullCredentials.secret(y));
      clock.advance(Duration.ofHours(1));
      pulled(gate, PullCredentials.secret(x)); // x is now the one accepted last
      clock.advance(Duration.ofHours(1));
      pulled(gate, PullCredentials.secret(z));
      assertThat(storedSecrets(gate)).containsExactly(x, z);
      assertThat(decide(gate, y)).isEqualTo(NO_MATCHING_CREDENTIALS);

      SecretCredential copyOfX = SecretCredential.of("uid-copy", "ns-copy", "copy", x.hash());
      assertThat(decide(gate, copyOfX)).isEqualTo(SECRET_HASH_MATCH);
      SecretCredential zRotated = secret("ns-z", "regcred", 14);
      assertThat(decide(gate, zRotated)).isEqualTo(SECRET_COORDINATES_MATCH);
      gate.flush();
      // The match at the bound added nothing; the rotated hash replaced z's in place.
      assertThat(storedSecrets(gate)).containsExactly(x, zRotated);
    }
  }

  private static List<SecretCredential> storedSecrets(PullGate gate) {
    return gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secrets().stream()
        .map(CredentialSet.Secret::credential)
        .toList();
  }

  /** The pull credentials of a secret or a service account. */
  private static PullCredentials credentialsOf(Object credential) {
    return credential instanceof SecretCredential s
        ? PullCredentials.secret(s)
        : PullCredentials.serviceAccount((ServiceAccountCoordinates) credential);
  }

  private static PodCredentials pod(SecretCredential... secrets) {
    return PodCredentials.of(List.of(secrets), null);
  }

  private static Arguments row(
      String description,
      Object pulledLongAgo,
      Object pulledRecently,
      PodCredentials pod,
      DecisionReason expected) {
    return Arguments.of(description, pulledLongAgo, pulledRecently, pod, expected);
  }
}
