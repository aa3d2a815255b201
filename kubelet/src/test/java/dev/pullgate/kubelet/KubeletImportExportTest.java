package dev.pullgate.kubelet;

import static dev.pullgate.kubelet.KubeletRecords.asTheKubeletKeepsIt;
import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.putAll;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStore.Update;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Import of hand-written kubelet directories through an engine, export of stores, and the round
 * trips between the two.
 */
class KubeletImportExportTest {
  @TempDir Path tmp;

  /** The store the test's engine writes into, open while the engine is. */
  private PullRecordStore store;

  private PullGate gate;

  @AfterEach
  void closeTheEngine() {
    if (gate != null) {
      gate.close();
    }
  }

  @ParameterizedTest
  @EnumSource(KubeletApiVersion.class)
  void import_fixture_importsTheGoodFilesAndReportsEachBadOne(KubeletApiVersion version)
      throws Exception {
    boolean alpha = version == KubeletApiVersion.V1ALPHA1;
    openEngine(PullGateConfig.defaults());

    ImportReport report = KubeletImport.importInto(fixture(version), gate);

    assertThat(report.importedRecords()).isEqualTo(2);
    assertThat(report.importedIntents()).isEqualTo(2);
    String first = ref(alpha ? '1' : 'a');
    String second = ref(alpha ? '2' : 'b');
    assertThat(store.pulledRecord(first)).contains(expectedFirst(first, version));
    assertThat(store.pulledRecord(second)).contains(expectedSecond(second));
    assertThat(store.pullIntents())
        .containsExactlyInAnyOrder("registry.example/team/app:v1", "docker.io/library/nginx:1.25");
    assertThat(report.skipped())
        .containsExactlyInAnyOrder(
            skipped(
                "pulled/",
                ref(alpha ? '3' : 'c'),
                "",
                "truncated JSON at line 1, column " + (alpha ? 383 : 382)),
            skipped(
                "pulled/", ref(alpha ? '4' : 'd'), ".tmp", "temporary file of an unfinished write"),
            skipped(
                "pulled/",
                ref(alpha ? '5' : 'e'),
                "",
                "an unknown field inside"
                    + " 'credentialMapping[\"registry.example/team/app\"].kubernetesSecrets[0]'"),
            skipped(
                "pulled/",
                ref(alpha ? '6' : 'f'),
                "",
                "its stored key does not match the file name"),
            skipped(
                "pulling/",
                "registry.example/misfiled:v2",
                "",
                "field 'kind' is ImagePulledRecord, expected ImagePullIntent"));
  }

  @Test
  void import_skipReasons_neverEchoFileContents() throws Exception {
    openEngine(PullGateConfig.defaults());
    ImportReport report = KubeletImport.importInto(fixture(KubeletApiVersion.V1BETA1), gate);
    for (SkippedFile file : report.skipped()) {
      assertThat(file.reason()).doesNotContain("team-x", "uid-y", "hunter2", "227b1c2e");
    }
  }

  @Test
  void import_intentsSpelledTwoWays_becomeOneIntentUnderTheNormalisedReference() {
    Path root = tmp.resolve("image_manager");
    KubeletRecordDirectory kubelet = KubeletRecordDirectory.at(root);
    kubelet.writePullIntent("nginx:1.25", KubeletApiVersion.V1BETA1);
    kubelet.writePullIntent("docker.io/library/nginx:1.25", KubeletApiVersion.V1BETA1);
    kubelet.writePullIntent("registry.example/team/app", KubeletApiVersion.V1BETA1);
    openEngine(PullGateConfig.defaults());

    ImportReport report = KubeletImport.importInto(root, gate);

    assertThat(report.skipped()).isEmpty();
    assertThat(store.pullIntents())
        .containsExactlyInAnyOrder(
            "docker.io/library/nginx:1.25", "registry.example/team/app:latest");
    assertThat(gate.pullIntentExists("nginx:1.25")).isTrue();
  }

  @Test
  void import_intentWithAnInvalidImage_isSkippedWithAReason() {
    Path root = tmp.resolve("image_manager");
    KubeletRecordDirectory kubelet = KubeletRecordDirectory.at(root);
    String invalid = "Registry.Example/Team/App:v1";
    kubelet.writePullIntent(invalid, KubeletApiVersion.V1BETA1);
    kubelet.writePullIntent("registry.example/team/app:v1", KubeletApiVersion.V1BETA1);
    openEngine(PullGateConfig.defaults());

    ImportReport report = KubeletImport.importInto(root, gate);

    assertThat(report.importedIntents()).isOne();
    assertThat(report.skipped())
        .containsExactly(
            skipped("pulling/", invalid, "", "its image is not a valid image reference"));
    assertThat(store.pullIntents()).containsExactly("registry.example/team/app:v1");
  }

  @Test
  void import_intoAKeyedStore_convertsHashes_andAPodWithTheKubeletsHashStillMatches()
      throws Exception {
    openEngine(PullGateConfig.builder().hashKey(tmp.resolve("hash.key")).build());
    String imageRef = ref('a');
    CredentialHash kubeletHash = CredentialHash.fromHex(sha256Hex("team-a/regcred/v1beta1"));

    KubeletImport.importInto(fixture(KubeletApiVersion.V1BETA1), gate);

    assertThat(store.hashKeyId()).isPresent();
    CredentialSet stored =
        store.pulledRecord(imageRef).orElseThrow().credentialsFor("registry.example/team/app");
    assertThat(stored.secrets()).extracting(CredentialSet.Secret::hash).doesNotContain(kubeletHash);
    // The blank hash of the fixture stays blank: it never matches, keyed or not.
    assertThat(stored.secrets())
        .extracting(CredentialSet.Secret::hash)
        .contains(CredentialHash.EMPTY);
    SecretCredential copied = SecretCredential.of("uid-copy", "team-c", "copy", kubeletHash);
    SecretCredential other = SecretCredential.of("uid-other", "team-d", "other", hash(99));
    assertThat(
            gate.mustAttemptImagePull(
                    "registry.example/team/app:v1",
                    imageRef,
                    PodCredentials.of(List.of(copied), null))
                .reason())
        .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
    assertThat(
            gate.mustAttemptImagePull(
                    "registry.example/team/app:v1",
                    imageRef,
                    PodCredentials.of(List.of(other), null))
                .reason())
        .isEqualTo(DecisionReason.NO_MATCHING_CREDENTIALS);
  }

  @ParameterizedTest
  @EnumSource(KubeletApiVersion.class)
  void exportThenImport_intoAFreshStore_givesAnIdenticalStore(KubeletApiVersion version) {
    PullRecordStore original = PullRecordStore.inMemory();
    // Records as the kubelet can keep them: one time for every credential of a record.
    original.write(
        putAll(
            List.of(
                asTheKubeletKeepsIt(richRecord("sha256:rich", T0)),
                PulledRecord.withoutCredentials("sha256:bare", T0.plusSeconds(1)),
                new PulledRecord(
                    "sha256:blank-hash",
                    T0.plusSeconds(2),
                    Map.of(
                        "registry.example/x",
                        CredentialSet.of(
                            List.of(
                                CredentialSet.Secret.of(
                                    SecretCredential.of("u", "ns", "s", CredentialHash.EMPTY),
                                    T0.plusSeconds(2))),
                            List.of(
                                new CredentialSet.ServiceAccount(
                                    new ServiceAccountCoordinates("", "ns", "incomplete"),
                                    T0.plusSeconds(2)))))),
                record("x".repeat(3000), T0, "r.example/a", secret("ns", "a", 1)))));
    original.write(
        Update.builder()
            .putIntent("registry.example/team/app:v1")
            .putIntent("docker.io/library/nginx@sha256:" + "0".repeat(64))
            .build());
    Path root = tmp.resolve("image_manager");

    ExportReport exported = KubeletExport.export(original, root, version);
    openEngine(PullGateConfig.defaults());
    ImportReport report = KubeletImport.importInto(root, gate);

    assertThat(exported).isEqualTo(new ExportReport(4, 2, 0, 0, version));
    assertThat(report.skipped()).isEmpty();
    assertThat(new HashSet<>(store.pulledRecords()))
        .isEqualTo(new HashSet<>(original.pulledRecords()));
    assertThat(new HashSet<>(store.pullIntents())).isEqualTo(new HashSet<>(original.pullIntents()));
  }

  @ParameterizedTest
  @EnumSource(KubeletApiVersion.class)
  void kubeletToStoreToKubelet_writesTheSameFilesByteForByte(KubeletApiVersion version)
      throws Exception {
    Path from = tmp.resolve("from");
    KubeletRecordDirectory kubelet = KubeletRecordDirectory.at(from);
    for (PulledRecord record :
        List.of(
            richRecord("sha256:rich", T0),
            PulledRecord.withoutCredentials("sha256:bare", T0.plusSeconds(1)),
            PulledRecord.withoutCredentials("sha256:zero-time", KubeletJsonCodec.GO_ZERO_TIME),
            record("sha256:one", T0.plusSeconds(2), "r.example/a", secret("ns", "a", 1)))) {
      kubelet.writePulledRecord(record, version);
    }
    // Intents already in normalised form; other spellings come back normalised.
    kubelet.writePullIntent("registry.example/team/app:v1", version);
    kubelet.writePullIntent("docker.io/library/nginx:1.25", version);
    openEngine(PullGateConfig.defaults());
    KubeletImport.importInto(from, gate);
    Path to = tmp.resolve("to");

    KubeletExport.export(store, to, version);

    assertThat(filesUnder(to)).isEqualTo(filesUnder(from)).hasSize(6);
  }

  @Test
  void export_ofAnImportedFixtureFile_writesTheKubeletsOwnBytes() throws Exception {
    openEngine(PullGateConfig.defaults());
    KubeletImport.importInto(fixture(KubeletApiVersion.V1BETA1), gate);
    Path to = tmp.resolve("to");

    KubeletExport.export(store, to, KubeletApiVersion.V1BETA1);

    String compact = "pulled/" + KubeletRecordDirectory.fileName(ref('a'));
    assertThat(Files.readString(to.resolve(compact)))
        .isEqualTo(Files.readString(fixture(KubeletApiVersion.V1BETA1).resolve(compact)));
  }

  @Test
  void export_writesV1beta1ByDefault() throws Exception {
    PullRecordStore store = PullRecordStore.inMemory();
    store.write(Update.putIntent("docker.io/library/app:v1"));
    Path root = tmp.resolve("out");

    assertThat(KubeletExport.export(store, root).apiVersion()).isEqualTo(KubeletApiVersion.V1BETA1);
    String json =
        Files.readString(
            root.resolve("pulling")
                .resolve(KubeletRecordDirectory.fileName("docker.io/library/app:v1")),
            StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\","
                + "\"image\":\"docker.io/library/app:v1\"}\n");
  }

  @Test
  void export_intoADirectoryWithRecords_isRefusedAndWritesNothing() {
    PullRecordStore store = PullRecordStore.inMemory();
    store.write(Update.putIntent("docker.io/library/app:v1"));
    KubeletRecordDirectory.at(tmp)
        .writePulledRecord(richRecord("sha256:old", T0), KubeletApiVersion.V1BETA1);

    assertThatThrownBy(() -> KubeletExport.export(store, tmp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already holds 1 record files");
    assertThat(KubeletRecordDirectory.at(tmp).countPullIntentFiles()).isZero();
  }

  @Test
  void export_ofAKeyedStore_isRefusedAndWritesNothing() {
    PullRecordStore store = PullRecordStore.inMemory();
    store.adoptHashKeyId("00112233");
    store.write(Update.putRecord(record("sha256:a", T0, "r.example/a", secret("ns", "a", 1))));
    Path root = tmp.resolve("out");

    assertThatThrownBy(() -> KubeletExport.export(store, root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hashKey");
    assertThat(root).doesNotExist();
  }

  @Test
  void export_skipsRecordsOnlyObservedAsPreloaded_andDropsPreloadedNames_countingBoth() {
    PullRecordStore store = PullRecordStore.inMemory();
    NavigableMap<String, CredentialSet> mapping = new TreeMap<>();
    mapping.put("registry.example/team/app", CredentialSet.nodePodsAccessible());
    PulledRecord pulledAndPreloaded =
        new PulledRecord(
            "sha256:both",
            T0,
            true,
            mapping,
            new TreeSet<>(List.of("docker.io/library/nginx", "docker.io/library/redis")));
    store.write(
        putAll(
            List.of(
                pulledAndPreloaded,
                PulledRecord.preloaded("sha256:pre", T0, List.of("docker.io/library/busybox")))));
    Path root = tmp.resolve("out");

    ExportReport report = KubeletExport.export(store, root);

    assertThat(report).isEqualTo(new ExportReport(1, 0, 1, 2, KubeletApiVersion.V1BETA1));
    KubeletRecordDirectory written = KubeletRecordDirectory.at(root);
    assertThat(written.countPulledRecordFiles()).isOne();
    assertThat(written.readPulledRecord("sha256:both"))
        .contains(new PulledRecord("sha256:both", T0, mapping));
  }

  @Test
  void export_datesARecordAtTheNewestAcceptanceOfItsCredentials() {
    PullRecordStore store = PullRecordStore.inMemory();
    Instant newest = T0.plusSeconds(90);
    PulledRecord accepted =
        new PulledRecord(
            "sha256:accepted",
            T0.plusSeconds(600),
            Map.of(
                "registry.example/a",
                CredentialSet.of(
                    List.of(CredentialSet.Secret.of(secret("ns", "a", 1), T0.plusSeconds(30))),
                    List.of()),
                "registry.example/b",
                CredentialSet.of(
                    List.of(),
                    List.of(
                        new CredentialSet.ServiceAccount(
                            new ServiceAccountCoordinates("sa", "ns", "b"), newest))),
                "registry.example/c",
                CredentialSet.nodePodsAccessible()));
    PulledRecord withoutCredentials =
        PulledRecord.withoutCredentials("sha256:bare", T0.plusSeconds(600));
    store.write(putAll(List.of(accepted, withoutCredentials)));
    Path root = tmp.resolve("out");

    KubeletExport.export(store, root);

    KubeletRecordDirectory written = KubeletRecordDirectory.at(root);
    assertThat(written.readPulledRecord("sha256:accepted").orElseThrow().lastUpdated())
        .isEqualTo(newest);
    assertThat(written.readPulledRecord("sha256:bare")).contains(withoutCredentials);
  }

  @Test
  void import_fromAMissingDirectory_isRefused() {
    openEngine(PullGateConfig.defaults());
    assertThatThrownBy(() -> KubeletImport.importInto(tmp.resolve("absent"), gate))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Opens {@link #gate} with {@code config}'s decision settings over a new in-memory store. */
  private void openEngine(PullGateConfig config) {
    store = PullRecordStore.inMemory();
    gate = PullGate.open(config, store, InstantSource.system());
  }

  /** Every file under {@code root}, by path relative to it, with its contents. */
  private static Map<String, String> filesUnder(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }

  private static PulledRecord expectedFirst(String imageRef, KubeletApiVersion version)
      throws Exception {
    String suffix = version == KubeletApiVersion.V1ALPHA1 ? "v1alpha1" : "v1beta1";
    CredentialHash teamA = CredentialHash.fromHex(sha256Hex("team-a/regcred/" + suffix));
    Instant time = Instant.parse("2025-06-01T10:00:00Z");
    return new PulledRecord(
        imageRef,
        time,
        Map.of(
            "docker.io/library/nginx",
            CredentialSet.nodePodsAccessible(),
            "registry.example/team/app",
            CredentialSet.of(
                List.of(
                    CredentialSet.Secret.of(
                        SecretCredential.of("uid-team-a-regcred", "team-a", "regcred", teamA),
                        time),
                    CredentialSet.Secret.of(
                        SecretCredential.of(
                            "uid-team-b-pull", "team-b", "pull", CredentialHash.EMPTY),
                        time)),
                List.of())));
  }

  private static PulledRecord expectedSecond(String imageRef) {
    Instant time = Instant.parse("2025-06-02T10:30:00Z");
    return new PulledRecord(
        imageRef,
        time,
        Map.of(
            "registry.example:5000/builder",
            CredentialSet.of(
                List.of(),
                List.of(
                    new CredentialSet.ServiceAccount(
                        new ServiceAccountCoordinates("sa-uid-ci-builder", "ci", "builder"),
                        time)))));
  }

  private static SkippedFile skipped(String dir, String key, String suffix, String reason) {
    return new SkippedFile(dir + KubeletRecordDirectory.fileName(key) + suffix, reason);
  }

  private static String ref(char digit) {
    return "sha256:" + String.valueOf(digit).repeat(64);
  }

  private static Path fixture(KubeletApiVersion version) throws URISyntaxException {
    String name = version == KubeletApiVersion.V1ALPHA1 ? "kubelet-v1alpha1" : "kubelet-v1beta1";
    return Path.of(
        Objects.requireNonNull(KubeletImportExportTest.class.getResource("/" + name)).toURI());
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
