package dev.pullgate;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forgetting (ENGINE-SPEC §7): {@code forgetSecret}, {@code forgetServiceAccount} and {@code
 * forgetNamespace} remove the entries from every record and return how many went; afterwards they
 * grant nothing until a pull proves them again, and every other entry stays.
 */
class ForgetTest {
  static final String APP = "registry.example/team/app:v1";
  static final String OTHER = "registry.example/team/other:v1";
  static final String PUBLIC = "registry.example/public/base:v1";
  static final String REF = "sha256:" + "1".repeat(64);
  static final String OTHER_REF = "sha256:" + "2".repeat(64);
  static final String PUBLIC_REF = "sha256:" + "3".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);
  static final SecretCredential A_ROTATED = secret("team-a", "regcred", 7);
  static final SecretCredential B = secret("team-b", "regcred", 2);
  static final SecretCredential C = secret("team-c", "regcred", 3);
  static final ServiceAccountCoordinates SA_A = serviceAccount("team-a", "builder");
  static final ServiceAccountCoordinates SA_B = serviceAccount("team-b", "builder");

  @TempDir Path dir;
  private final TestClock clock = new TestClock();

  private PullGate openMemory() {
    return PullGate.open(DecisionTableTest.memory(PullGateConfig.defaults()), clock);
  }

  /** APP on REF: A, B, SA_A, SA_B; OTHER on OTHER_REF: A, C; PUBLIC on PUBLIC_REF: anyone. */
  private static void pullEverything(PullGate gate) {
    for (PullCredentials c :
        List.of(
            PullCredentials.secret(A),
            PullCredentials.secret(B),
            PullCredentials.serviceAccount(SA_A),
            PullCredentials.serviceAccount(SA_B))) {
      gate.recordImagePulled(APP, REF, c);
    }
    gate.recordImagePulled(OTHER, OTHER_REF, PullCredentials.secret(A));
    gate.recordImagePulled(OTHER, OTHER_REF, PullCredentials.secret(C));
    gate.recordImagePulled(PUBLIC, PUBLIC_REF, PullCredentials.nodePodsAccessible());
  }

  /**
   * Rows: how to forget, how many entries go, then the pods (as secret or service account) that
   * still use APP on REF and those that no longer may.
   */
  static Stream<Arguments> forgetting() {
    return Stream.of(
        Arguments.of(
            "forgetSecret(A)",
            (ToIntFunction<PullGate>) g -> g.forgetSecret(A.coordinates().uid()),
            2,
            List.of(B, SA_A, SA_B),
            List.of(A, A_ROTATED)),
        Arguments.of(
            "forgetServiceAccount(SA_A)",
            (ToIntFunction<PullGate>) g -> g.forgetServiceAccount(SA_A.uid()),
            1,
            List.of(A, B, SA_B),
            List.of(SA_A)),
        Arguments.of(
            "forgetNamespace(team-a)",
            (ToIntFunction<PullGate>) g -> g.forgetNamespace("team-a"),
            3,
            List.of(B, SA_B),
            List.of(A, A_ROTATED, SA_A)),
        Arguments.of(
            "forgetNamespace(team-b)",
            (ToIntFunction<PullGate>) g -> g.forgetNamespace("team-b"),
            2,
            List.of(A, A_ROTATED, SA_A),
            List.of(B, SA_B)),
        Arguments.of(
            "forgetSecret(unknown uid)",
            (ToIntFunction<PullGate>) g -> g.forgetSecret("no-such-uid"),
            0,
            List.of(A, B, SA_A, SA_B),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgetting")
  void forget_removesTheEntriesEverywhere_andTheRestStay(
      String description,
      ToIntFunction<PullGate> forget,
      int removed,
      List<Object> stillGranted,
      List<Object> noLongerGranted) {
    try (PullGate gate = openMemory()) {
      pullEverything(gate);
      clock.advance(Duration.ofHours(1));
      assertThat(forget.applyAsInt(gate)).as(description).isEqualTo(removed);
      assertThat(forget.applyAsInt(gate)).as("forgetting again").isZero();
      for (Object credential : stillGranted) {
        assertThat(decide(gate, APP, REF, credential).mustAttemptPull())
            .as("%s still grants %s", description, credential)
            .isFalse();
      }
      for (Object credential : noLongerGranted) {
        assertThat(decide(gate, APP, REF, credential).reason())
            .as("%s no longer grants %s", description, credential)
            .isEqualTo(NO_MATCHING_CREDENTIALS);
      }
      assertThat(decide(gate, PUBLIC, PUBLIC_REF, A).reason()).isEqualTo(NODE_ACCESSIBLE);
      if (removed > 0) {
        assertThat(gate.pulledRecord(REF).orElseThrow().lastUpdated())
            .isEqualTo(T0.plus(Duration.ofHours(1)));
      }
    }
  }

  @Test
  void forgetSecret_inEveryRecord_andOtherRecordsKeepTheirOwn() {
    try (PullGate gate = openMemory()) {
      pullEverything(gate);
      assertThat(gate.forgetSecret(A.coordinates().uid())).isEqualTo(2);
      assertThat(decide(gate, OTHER, OTHER_REF, A).reason()).isEqualTo(NO_MATCHING_CREDENTIALS);
      assertThat(decide(gate, OTHER, OTHER_REF, C).reason()).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  @Test
  void forgottenSecret_rotatedUnderTheSameCoordinates_mustBeProvenByAPullAgain() {
    try (PullGate gate = openMemory()) {
      pullEverything(gate);
      assertThat(decide(gate, APP, REF, A_ROTATED).reason()).isEqualTo(SECRET_COORDINATES_MATCH);
      gate.flush();
      gate.forgetSecret(A.coordinates().uid());
      assertThat(decide(gate, APP, REF, A_ROTATED).reason()).isEqualTo(NO_MATCHING_CREDENTIALS);
      gate.recordImagePulled(APP, REF, PullCredentials.secret(A_ROTATED));
      assertThat(decide(gate, APP, REF, A_ROTATED).reason()).isEqualTo(SECRET_HASH_MATCH);
      assertThat(decide(gate, APP, REF, A).reason()).isEqualTo(SECRET_COORDINATES_MATCH);
    }
  }

  @Test
  void forget_afterAMatchTaughtTheRecord_forgetsWhatTheMergeAdded() {
    SecretCredential copyOfB = SecretCredential.of("uid-copy", "team-copy", "copy", B.hash());
    try (PullGate gate = openMemory()) {
      pullEverything(gate);
      assertThat(decide(gate, APP, REF, copyOfB).reason()).isEqualTo(SECRET_HASH_MATCH);
      // No flush: forgetting waits for the merges handed over before it.
      assertThat(gate.forgetNamespace("team-copy")).isOne();
      assertThat(
              gate.pulledRecord(REF)
                  .orElseThrow()
                  .credentialsFor("registry.example/team/app")
                  .secretAt(copyOfB.coordinates()))
          .isNull();
    }
  }

  @Test
  void forget_inTheLmdbStore_isDurableAndFoundThroughItsIndex() {
    PullGateConfig config = PullGateConfig.builder().storePath(dir.resolve("store")).build();
    try (PullGate gate = PullGate.open(config, clock)) {
      pullEverything(gate);
      assertThat(gate.forgetSecret(A.coordinates().uid())).isEqualTo(2);
      assertThat(gate.forgetNamespace("team-b")).isEqualTo(2);
    }
    try (PullGate gate = PullGate.open(config, clock)) {
      assertThat(decide(gate, APP, REF, A).reason()).isEqualTo(NO_MATCHING_CREDENTIALS);
      assertThat(decide(gate, APP, REF, B).reason()).isEqualTo(NO_MATCHING_CREDENTIALS);
      assertThat(decide(gate, APP, REF, SA_B).reason()).isEqualTo(NO_MATCHING_CREDENTIALS);
      assertThat(decide(gate, APP, REF, SA_A).reason()).isEqualTo(SERVICE_ACCOUNT_MATCH);
      assertThat(decide(gate, OTHER, OTHER_REF, C).reason()).isEqualTo(SECRET_HASH_MATCH);
      assertThat(gate.forgetSecret(A.coordinates().uid())).isZero();
      assertThat(gate.forgetServiceAccount(SA_A.uid())).isOne();
    }
  }

  private static PullDecision decide(PullGate gate, String image, String ref, Object credential) {
    PodCredentials pod =
        credential instanceof SecretCredential s
            ? PodCredentials.of(List.of(s), null)
            : PodCredentials.of(List.of(), (ServiceAccountCoordinates) credential);
    return gate.mustAttemptImagePull(image, ref, pod);
  }
}
