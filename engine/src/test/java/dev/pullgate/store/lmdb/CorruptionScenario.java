package dev.pullgate.store.lmdb;

import static dev.pullgate.DecisionReason.NODE_ACCESSIBLE;
import static dev.pullgate.DecisionReason.NO_MAPPING;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.NO_RECORD;
import static dev.pullgate.DecisionReason.POLICY_ALLOWED;
import static dev.pullgate.DecisionReason.SECRET_COORDINATES_MATCH;
import static dev.pullgate.DecisionReason.SECRET_HASH_MATCH;
import static dev.pullgate.DecisionReason.SERVICE_ACCOUNT_MATCH;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.store.TestRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store that every corruption trial damages, and the model of it: the operations that build it
 * (through the engine, as an agent would call it) and, for each probe, the decision those
 * operations imply under the default configuration.
 *
 * <p>It holds images pulled with secrets (one with so many that its record lies on overflow pages,
 * some whose imageRefs are long enough to be keyed by digest), with service accounts, and by the
 * node for every pod; pulls that are still in flight (an intent and no record: must pull) or that
 * failed; preloaded images (no record, no intent: the default policy lets them in, which is what
 * damage must never fake); and, as its very last commit, a forgotten secret, so that a store rolled
 * back by one commit would grant what the model refuses. Everything is deterministic, so the same
 * code builds the same bytes, and a trial can be replayed from its seed alone.
 */
final class CorruptionScenario {
  /** The time of every operation, so that the store's bytes are the same at every build. */
  static final Instant CLOCK = TestRecords.T0;

  private static final int SECRET_IMAGES = 40;
  private static final int ACCOUNT_IMAGES = 8;
  private static final int NODE_IMAGES = 8;
  private static final int LONG_REF_IMAGES = 4;
  private static final int CROWDED_SECRETS = 70;
  private static final int IN_FLIGHT = 8;
  private static final int FAILED = 4;
  private static final int PRELOADED = 12;
  private static final int ROTATED_EVERY = 10;

  /** One decision the trials ask for, and its answer in the undamaged store. */
  record Probe(String image, String imageRef, PodCredentials pod, DecisionReason expected) {
    /** A short description for reports: the image and the expected reason. */
    String describe() {
      String shown = image.length() > 60 ? image.substring(0, 60) + "..." : image;
      return shown + " -> " + expected;
    }
  }

  private final List<Consumer<PullGate>> operations = new ArrayList<>();
  private final List<Probe> probes = new ArrayList<>();

  private CorruptionScenario() {}

  /** The scenario: the same operations and probes every time. */
  static CorruptionScenario create() {
    CorruptionScenario scenario = new CorruptionScenario();
    scenario.secretImages();
    scenario.longImageRefs();
    scenario.crowdedImage();
    scenario.accountImages();
    scenario.nodeImages();
    scenario.inFlightAndFailedPulls();
    scenario.preloadedImages();
    scenario.forgottenSecret();
    return scenario;
  }

  /** Every probe, in the order a trial decides them. */
  List<Probe> probes() {
    return List.copyOf(probes);
  }

  /** Builds the store in the new directory {@code dir} with the default configuration. */
  void build(Path dir) {
    PullGateConfig config = PullGateConfig.builder().storePath(dir).build();
    try (PullGate gate = PullGate.open(config, InstantSource.fixed(CLOCK))) {
      operations.forEach(operation -> operation.accept(gate));
      gate.flush();
    }
  }

  private void secretImages() {
    for (int i = 0; i < SECRET_IMAGES; i++) {
      String image = "registry.example/team-" + i + "/app:v1";
      String imageRef = digestRef("secret-image-" + i);
      SecretCredential owner = TestRecords.secret("team-" + i, "regcred", 1000 + i);
      pulled(image, imageRef, PullCredentials.secret(owner));
      probe(image, imageRef, pod(owner), SECRET_HASH_MATCH);
      probe(
          image,
          imageRef,
          pod(TestRecords.secret("outsider", "pull", 9000 + i)),
          NO_MATCHING_CREDENTIALS);
      probe("registry.example/elsewhere/app:v1", imageRef, pod(owner), NO_MAPPING);
      if (i % ROTATED_EVERY == ROTATED_EVERY - 1) {
        SecretCredential rotated = TestRecords.secret("team-" + i, "regcred", 5000 + i);
        probe(image, imageRef, pod(rotated), SECRET_COORDINATES_MATCH);
      }
    }
  }

  /** Records whose imageRefs are longer than a key may be, so that they are keyed by digest. */
  private void longImageRefs() {
    for (int i = 0; i < LONG_REF_IMAGES; i++) {
      String image = "registry.example/long-" + i + "/app:v1";
      String imageRef = "local/" + "x".repeat(600) + "/" + digestRef("long-" + i).substring(7);
      SecretCredential owner = TestRecords.secret("long-" + i, "regcred", 2000 + i);
      pulled(image, imageRef, PullCredentials.secret(owner));
      probe(image, imageRef, pod(owner), SECRET_HASH_MATCH);
      probe(image, imageRef, PodCredentials.none(), NO_MATCHING_CREDENTIALS);
    }
  }

  /** One image pulled with so many secrets that its record needs overflow pages. */
  private void crowdedImage() {
    String image = "registry.example/shared/base:v1";
    String imageRef = digestRef("crowded");
    List<SecretCredential> secrets = new ArrayList<>();
    for (int i = 0; i < CROWDED_SECRETS; i++) {
      secrets.add(TestRecords.secret("crowd-" + i, "regcred", 3000 + i));
    }
    for (SecretCredential secret : secrets) {
      pulled(image, imageRef, PullCredentials.secret(secret));
    }
    for (int i = 0; i < CROWDED_SECRETS; i += 17) {
      probe(image, imageRef, pod(secrets.get(i)), SECRET_HASH_MATCH);
    }
    probe(
        image,
        imageRef,
        pod(TestRecords.secret("crowd-x", "regcred", 3999)),
        NO_MATCHING_CREDENTIALS);
  }

  private void accountImages() {
    for (int i = 0; i < ACCOUNT_IMAGES; i++) {
      String image = "registry.example/ci-" + i + "/builder:v1";
      String imageRef = digestRef("account-image-" + i);
      ServiceAccountCoordinates account = TestRecords.serviceAccount("ci-" + i, "builder");
      pulled(image, imageRef, PullCredentials.serviceAccount(account));
      probe(image, imageRef, PodCredentials.of(List.of(), account), SERVICE_ACCOUNT_MATCH);
      probe(
          image,
          imageRef,
          PodCredentials.of(List.of(), TestRecords.serviceAccount("ci-" + i, "intruder")),
          NO_MATCHING_CREDENTIALS);
    }
  }

  private void nodeImages() {
    for (int i = 0; i < NODE_IMAGES; i++) {
      String image = "docker.io/library/tool-" + i + ":1.0";
      String imageRef = digestRef("node-image-" + i);
      pulled(image, imageRef, PullCredentials.nodePodsAccessible());
      probe(image, imageRef, PodCredentials.none(), NODE_ACCESSIBLE);
    }
  }

  /**
   * Pulls that began and did not end (the intent stays: the node pulled the image, so a pod must
   * prove its credentials) and pulls that failed (the intent is gone: the image, if present, came
   * from elsewhere).
   */
  private void inFlightAndFailedPulls() {
    for (int i = 0; i < IN_FLIGHT; i++) {
      String image = "registry.example/pending-" + i + "/app:v2";
      operations.add(gate -> gate.recordPullIntent(image));
      probe(image, digestRef("pending-" + i), PodCredentials.none(), NO_RECORD);
    }
    for (int i = 0; i < FAILED; i++) {
      String image = "registry.example/failed-" + i + "/app:v2";
      operations.add(
          gate -> {
            gate.recordPullIntent(image);
            gate.recordImagePullFailed(image);
          });
      probe(image, digestRef("failed-" + i), PodCredentials.none(), POLICY_ALLOWED);
    }
  }

  /** Images on the node that no record or intent names: the default policy lets every pod in. */
  private void preloadedImages() {
    for (int i = 0; i < PRELOADED; i++) {
      String image = "registry.example/preloaded-" + i + "/pause:3.9";
      probe(image, digestRef("preloaded-" + i), PodCredentials.none(), POLICY_ALLOWED);
    }
  }

  /** The last commit: a secret forgotten after it pulled, so it must grant nothing any more. */
  private void forgottenSecret() {
    String image = "registry.example/forgotten/app:v1";
    String imageRef = digestRef("forgotten");
    SecretCredential gone = TestRecords.secret("forgotten", "regcred", 4000);
    pulled(image, imageRef, PullCredentials.secret(gone));
    operations.add(gate -> gate.forgetSecret(gone.coordinates().uid()));
    probe(image, imageRef, pod(gone), NO_MATCHING_CREDENTIALS);
  }

  private void pulled(String image, String imageRef, PullCredentials credentials) {
    operations.add(
        gate -> {
          gate.recordPullIntent(image);
          gate.recordImagePulled(image, imageRef, credentials);
        });
  }

  private void probe(String image, String imageRef, PodCredentials pod, DecisionReason expected) {
    probes.add(new Probe(image, imageRef, pod, expected));
  }

  private static PodCredentials pod(SecretCredential secret) {
    return PodCredentials.of(List.of(secret), null);
  }

  /** A runtime-style imageRef: {@code sha256:} and the SHA-256 of {@code name}. */
  static String digestRef(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
