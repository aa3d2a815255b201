package dev.pullgate;

import static dev.pullgate.DecisionReason.NO_MAPPING;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.NO_RECORD;
import static dev.pullgate.DecisionReason.POLICY_ALLOWED;
import static dev.pullgate.DecisionReason.SECRET_HASH_MATCH;
import static dev.pullgate.image.Vectors.H64;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Observed preloaded images (ENGINE-SPEC §7, {@code pullgate.preloaded.mode=observed}): only names
 * the agent saw on the node before pulling count as preloaded, per imageRef; inferred mode keeps
 * the kubelet's rule that any image without a record or intent is preloaded. Every row runs under
 * both modes with the default policy, NeverVerifyPreloadedImages.
 */
class ObservedPreloadedTest {
  static final String REF = "sha256:" + "7".repeat(64);
  static final String OTHER_REF = "sha256:" + "8".repeat(64);
  static final String APP = "registry.example/team/app:v1";
  static final SecretCredential A = secret("team-a", "regcred", 1);

  /** What the runtime lists at start-up: nginx, tagged and digested, on REF. */
  static final RuntimeImage NGINX =
      new RuntimeImage(
          REF,
          List.of("docker.io/library/nginx:1.25"),
          List.of("docker.io/library/nginx@sha256:" + H64));

  /** The same image listed by its tag only. */
  static final RuntimeImage NGINX_TAG_ONLY =
      new RuntimeImage(REF, List.of("docker.io/library/nginx:1.25"), List.of());

  private final TestClock clock = new TestClock();

  private PullGate open(PreloadedMode mode) {
    return PullGate.open(
        PullGateConfig.builder()
            .storeKind(PullGateConfig.StoreKind.MEMORY)
            .preloadedMode(mode)
            .build(),
        clock);
  }

  static Stream<Arguments> rows() {
    Consumer<PullGate> preload = g -> g.recordPreloadedImages(List.of(NGINX));
    return Stream.of(
        row("nothing recorded, any image", g -> {}, APP, OTHER_REF, POLICY_ALLOWED, NO_RECORD),
        row("observed name", preload, "nginx:1.25", REF, POLICY_ALLOWED, POLICY_ALLOWED),
        row("observed name, other tag", preload, "nginx:1.26", REF, POLICY_ALLOWED, POLICY_ALLOWED),
        row(
            "observed name, digest",
            preload,
            "nginx@sha256:" + H64,
            REF,
            POLICY_ALLOWED,
            POLICY_ALLOWED),
        row("unobserved name, observed imageRef", preload, APP, REF, POLICY_ALLOWED, NO_RECORD),
        row(
            "observed name, other imageRef",
            preload,
            "nginx:1.25",
            OTHER_REF,
            POLICY_ALLOWED,
            NO_RECORD),
        row(
            "another name pulled with a secret onto the imageRef",
            preload.andThen(g -> g.recordImagePulled(APP, REF, PullCredentials.secret(A))),
            "nginx:1.25",
            REF,
            NO_MAPPING,
            POLICY_ALLOWED),
        row(
            "the other name itself, after its pull",
            preload.andThen(g -> g.recordImagePulled(APP, REF, PullCredentials.secret(A))),
            APP,
            REF,
            NO_MATCHING_CREDENTIALS,
            NO_MATCHING_CREDENTIALS),
        row(
            "intent for the observed name",
            preload.andThen(g -> g.recordPullIntent("nginx:1.25")),
            "nginx:1.25",
            REF,
            NO_RECORD,
            NO_RECORD),
        row(
            "intent for the observed name, spelled out",
            preload.andThen(g -> g.recordPullIntent("docker.io/library/nginx:1.25")),
            "nginx:1.25",
            REF,
            NO_RECORD,
            NO_RECORD),
        row(
            "intent for the observed name, then its pull failed",
            preload
                .andThen(g -> g.recordPullIntent("nginx:1.25"))
                .andThen(g -> g.recordImagePullFailed("nginx:1.25")),
            "nginx:1.25",
            REF,
            POLICY_ALLOWED,
            POLICY_ALLOWED),
        row(
            "observed name pulled with a secret",
            preload.andThen(g -> g.recordImagePulled("nginx:1.25", REF, PullCredentials.secret(A))),
            "nginx:1.25",
            REF,
            NO_MATCHING_CREDENTIALS,
            NO_MATCHING_CREDENTIALS),
        row(
            "observed name pulled with unknown provenance",
            preload.andThen(g -> g.recordImagePulled("nginx:1.25", REF, null)),
            "nginx:1.25",
            REF,
            NO_MAPPING,
            NO_MAPPING),
        row(
            "observed name whose intent is reconciled after another name's pull",
            preload
                .andThen(g -> g.recordImagePulled(APP, REF, PullCredentials.secret(A)))
                .andThen(g -> g.recordPullIntent("nginx:1.25"))
                .andThen(g -> g.reconcile(List.of(NGINX))),
            "nginx:1.25",
            REF,
            NO_MAPPING,
            NO_MAPPING),
        row(
            "name with an intent at start-up is not observed",
            ((Consumer<PullGate>) g -> g.recordPullIntent("nginx:1.25"))
                .andThen(g -> g.recordPreloadedImages(List.of(NGINX_TAG_ONLY)))
                .andThen(g -> g.recordImagePullFailed("nginx:1.25")),
            "nginx:1.25",
            REF,
            POLICY_ALLOWED,
            NO_RECORD),
        row(
            "image the node pulled is not observed",
            ((Consumer<PullGate>) g -> g.recordImagePulled("nginx:1.25", REF, null))
                .andThen(preload),
            "nginx:1.26",
            REF,
            NO_MAPPING,
            NO_MAPPING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decision_underEachPreloadedMode(
      String description,
      Consumer<PullGate> before,
      String image,
      String imageRef,
      DecisionReason inferred,
      DecisionReason observed) {
    for (PreloadedMode mode : PreloadedMode.values()) {
      try (PullGate gate = open(mode)) {
        before.accept(gate);
        DecisionReason expected = mode == PreloadedMode.INFERRED ? inferred : observed;
        assertThat(gate.mustAttemptImagePull(image, imageRef, PodCredentials.none()).reason())
            .as("%s, %s", description, mode)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void recordPreloadedImages_countsTheRecordsThatGainedNames() {
    RuntimeImage pulled = new RuntimeImage(OTHER_REF, List.of(APP), List.of());
    RuntimeImage invalid = new RuntimeImage("has space", List.of("busybox:1.36"), List.of());
    try (PullGate gate = open(PreloadedMode.OBSERVED)) {
      gate.recordImagePulled(APP, OTHER_REF, PullCredentials.secret(A));
      assertThat(gate.recordPreloadedImages(List.of(NGINX, pulled, invalid))).isOne();
      assertThat(gate.recordPreloadedImages(List.of(NGINX))).isZero();
      assertThat(gate.pulledRecord(REF).orElseThrow().preloadedNames())
          .containsExactly("docker.io/library/nginx");
      assertThat(gate.pulledRecord(REF).orElseThrow().pulledByNode()).isFalse();
      assertThat(gate.pulledRecord(OTHER_REF).orElseThrow().preloadedNames()).isEmpty();
    }
  }

  @Test
  void observedName_staysPreloadedWhileAnotherNameIsPulledAndUsed() {
    try (PullGate gate = open(PreloadedMode.OBSERVED)) {
      gate.recordPreloadedImages(List.of(NGINX));
      gate.recordPullIntent(APP);
      gate.recordImagePulled(APP, REF, PullCredentials.secret(A));
      assertThat(gate.mustAttemptImagePull(APP, REF, PodCredentials.of(List.of(A), null)).reason())
          .isEqualTo(SECRET_HASH_MATCH);
      assertThat(gate.mustAttemptImagePull("nginx:1.25", REF, PodCredentials.none()).reason())
          .isEqualTo(POLICY_ALLOWED);
      assertThat(gate.pulledRecord(REF).orElseThrow().preloadedNames())
          .containsExactly("docker.io/library/nginx");

      gate.recordImagePulled("nginx:1.25", REF, PullCredentials.secret(A));
      assertThat(gate.pulledRecord(REF).orElseThrow().preloadedNames()).isEmpty();
      assertThat(
              gate.mustAttemptImagePull("nginx:1.25", REF, PodCredentials.of(List.of(A), null))
                  .reason())
          .isEqualTo(SECRET_HASH_MATCH);
    }
  }

  private static Arguments row(
      String description,
      Consumer<PullGate> before,
      String image,
      String imageRef,
      DecisionReason inferred,
      DecisionReason observed) {
    return Arguments.of(description, before, image, imageRef, inferred, observed);
  }
}
