package dev.pullgate.cli;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.RuntimeImage;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.TestRecords;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;

/**
 * A store filled the way a node agent fills one, through {@link PullGate}, at known whole-second
 * times: three pulled records (node-accessible, two secrets, a service account), one more whose
 * image name holds {@link #MARKER} for damage tests, and one pull intent left open.
 */
final class OperatorStore {
  static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  static final String NGINX_REF = "sha256:" + "1".repeat(64);
  static final String APP_REF = "sha256:" + "2".repeat(64);
  static final String BUILDER_REF = "sha256:" + "3".repeat(64);
  static final String MARKED_REF = "sha256:" + "4".repeat(64);
  static final String OPEN_INTENT = "registry.example/team/app:v3";

  /** A string found nowhere else in the store's files, so its bytes can be found and damaged. */
  static final String MARKER = "marker-6b3f0e9c41";

  static final CredentialHash HASH_A =
      CredentialHash.fromHex("4da0e2f8edced36168c19b288452cfff80f3b56772ec7ffac1541b9d36bc1998");
  static final CredentialHash HASH_B =
      CredentialHash.fromHex("b23a6a8439c0dde5515893e7c90c1e3233b8616e634470f20dc4928bcf3609bc");

  private OperatorStore() {}

  /** Fills a new store in {@code dir}; the n-th write happens at {@code T0} plus n hours. */
  static void fill(Path dir) {
    fill(dir, null);
  }

  /**
   * Fills a new store in {@code dir} as {@link #fill(Path)} does, keeping credential hashes under
   * the key in {@code hashKey} (created when absent) unless that is null.
   */
  static void fill(Path dir, Path hashKey) {
    Instant[] now = {T0};
    InstantSource clock = () -> now[0];
    PullGateConfig.Builder builder = PullGateConfig.builder().storePath(dir);
    if (hashKey != null) {
      builder.hashKey(hashKey);
    }
    try (PullGate gate = PullGate.open(builder.build(), clock)) {
      pull(gate, "nginx:1.25", NGINX_REF, PullCredentials.nodePodsAccessible());
      now[0] = T0.plusSeconds(3600);
      pull(gate, "registry.example/team/app:v1", APP_REF, secret("team-a", "regcred", HASH_A));
      now[0] = T0.plusSeconds(2 * 3600);
      pull(gate, "registry.example/team/app:v2", APP_REF, secret("team-b", "pull", HASH_B));
      now[0] = T0.plusSeconds(3 * 3600);
      pull(
          gate,
          "registry.example:5000/builder:main",
          BUILDER_REF,
          PullCredentials.serviceAccount(
              new ServiceAccountCoordinates("sa-uid-ci-builder", "ci", "builder")));
      now[0] = T0.plusSeconds(4 * 3600);
      pull(
          gate,
          "registry.example/" + MARKER + "/app:v1",
          MARKED_REF,
          secret("team-m", "m", HASH_A));
      gate.recordPullIntent(OPEN_INTENT);
    }
  }

  static final String BUSYBOX_REF = "sha256:" + "5".repeat(64);
  static final String BASE_REF = "sha256:" + "6".repeat(64);

  /**
   * Fills a new store in {@code dir} as an agent in observed preloaded mode does: at {@code T0} it
   * finds busybox ({@link #BUSYBOX_REF}) and an image tagged base and tools ({@link #BASE_REF}) on
   * the node; an hour later it pulls base with team-a's secret; two hours later it starts a pull of
   * {@code nginx:1.25}, which stays open.
   */
  static void fillObserved(Path dir) {
    Instant[] now = {T0};
    InstantSource clock = () -> now[0];
    PullGateConfig config =
        PullGateConfig.builder()
            .storePath(dir)
            .preloadedMode(PullGateConfig.PreloadedMode.OBSERVED)
            .build();
    try (PullGate gate = PullGate.open(config, clock)) {
      gate.recordPreloadedImages(
          List.of(
              new RuntimeImage(BUSYBOX_REF, List.of("busybox:1.36"), List.of()),
              new RuntimeImage(
                  BASE_REF,
                  List.of("registry.example/base:1", "registry.example/tools:2"),
                  List.of())));
      now[0] = T0.plusSeconds(3600);
      pull(gate, "registry.example/base:1", BASE_REF, secret("team-a", "regcred", HASH_A));
      now[0] = T0.plusSeconds(2 * 3600);
      gate.recordPullIntent("nginx:1.25");
    }
  }

  /** Every record and intent of the store in {@code dir}, sorted, read read-only. */
  static Contents contents(Path dir) {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      return new Contents(
          store.pulledRecords().stream()
              .sorted(Comparator.comparing(PulledRecord::imageRef))
              .toList(),
          store.pullIntents().stream().sorted().toList());
    }
  }

  /** A store's records and intents, sorted by key. */
  record Contents(List<PulledRecord> records, List<String> intents) {
    /**
     * These contents with every credential dated at its record's time, as kubelet files keep it.
     */
    Contents asTheKubeletKeepsIt() {
      return new Contents(records.stream().map(TestRecords::acceptedAtItsTime).toList(), intents);
    }
  }

  private static PullCredentials secret(String namespace, String name, CredentialHash hash) {
    return PullCredentials.secret(
        SecretCredential.of("uid-" + namespace + "-" + name, namespace, name, hash));
  }

  private static void pull(PullGate gate, String image, String imageRef, PullCredentials creds) {
    gate.recordPullIntent(image);
    gate.recordImagePulled(image, imageRef, creds);
  }
}
