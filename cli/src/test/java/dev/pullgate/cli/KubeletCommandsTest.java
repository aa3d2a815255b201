package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.kubelet.KubeletApiVersion;
import dev.pullgate.kubelet.KubeletRecordDirectory;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code import-kubelet} of the kubelet's own directories (see {@code resources/kubelet/README.md})
 * and {@code export-kubelet} back, which must round-trip to the same store, as far as the kubelet's
 * format keeps it.
 */
class KubeletCommandsTest {
  private static final String A_REF = "sha256:" + "a1".repeat(32);
  private static final String B_REF = "sha256:" + "b2".repeat(32);
  private static final String APP_V1 = "registry.example/team/app:v1";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"v1alpha1", "v1beta1"})
  void importKubelet_fixture_importsTheReadableFiles_andListsTheSkippedOnes(String version)
      throws Exception {
    Path fixture = fixture(version);
    Path store = dir.resolve("store");

    CliRun run = CliRun.of("import-kubelet", fixture.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SKIPPED);
    assertThat(run.outLines())
        .hasSize(4)
        .startsWith(
            "Imported 2 pulled records and 1 pull intent from " + fixture + " into " + store,
            "Skipped 2 files:")
        .endsWith(
            "  pulled/sha256-900f986bd3588060ac48bf0393c5bc7a6a5b67335992e003fc709f95b740a856.tmp:"
                + " temporary file of an unfinished write");
    assertThat(run.outLines().get(2))
        .startsWith(
            "  pulled/sha256-02e7304a2b73ba3004f40aeac0f04ab101f35039bc46a3c44380704a8fb0d345:"
                + " truncated JSON at line 1, column ");
    OperatorStore.Contents imported = OperatorStore.contents(store);
    assertThat(imported.records()).extracting(PulledRecord::imageRef).containsExactly(A_REF, B_REF);
    assertThat(imported.records().get(1).lastUpdated()).hasToString("2025-06-02T10:30:00Z");
    assertThat(imported.intents()).containsExactly("registry.example/team/app:v1");
    assertThat(CliRun.of("get", "--store", store.toString(), A_REF).out())
        .contains(
            "    secret           team-a/regcred  hash 4da0e2f8…  accepted 2025-06-01T10:00:00Z"
                + "  uid uid-team-a-regcred")
        .contains("  image name docker.io/library/nginx\n    every pod on the node");
  }

  @Test
  void importKubelet_recordWithInvalidCoordinates_isSkippedNamingTheFieldNotTheValue()
      throws Exception {
    Path kubelet = dir.resolve("kubelet");
    Path pulled = Files.createDirectories(kubelet.resolve("pulled"));
    String ref = "sha256:" + "e5".repeat(32);
    String file = KubeletRecordDirectory.fileName(ref);
    Files.writeString(
        pulled.resolve(file),
        "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\","
            + "\"imageRef\":\""
            + ref
            + "\",\"credentialMapping\":{\"registry.example/team/app\":{\"kubernetesSecrets\":"
            + "[{\"uid\":\"u\",\"namespace\":\"team\\u001b]0;pwned\\u0007\",\"name\":\"regcred\","
            + "\"credentialHash\":\"\"}]}}}\n");
    Path store = dir.resolve("store");

    CliRun run = CliRun.of("import-kubelet", kubelet.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SKIPPED);
    assertThat(run.outLines())
        .containsExactly(
            "Imported 0 pulled records and 0 pull intents from " + kubelet + " into " + store,
            "Skipped 1 file:",
            "  pulled/"
                + file
                + ": field 'credentialMapping[\"registry.example/team/app\"].kubernetesSecrets[0]'"
                + " has invalid coordinates: secret namespace must be empty or a DNS-1123 label: at"
                + " most 63 lowercase letters, digits and '-', starting and ending with a letter or"
                + " digit");
    assertThat(run.out()).doesNotContain("pwned");
  }

  @Test
  void importKubelet_fifoInTheDirectory_isSkippedWithoutHanging() throws Exception {
    Path kubelet = dir.resolve("kubelet");
    Path pulling = Files.createDirectories(kubelet.resolve("pulling"));
    String name = KubeletRecordDirectory.fileName("registry.example/team/app:v1");
    Process mkfifo = new ProcessBuilder("mkfifo", pulling.resolve(name).toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is needed for this test");
    Path store = dir.resolve("store");

    CliRun run =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> CliRun.of("import-kubelet", kubelet.toString(), "--store", store.toString()));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SKIPPED);
    assertThat(run.outLines())
        .endsWith(
            "Skipped 1 file:",
            "  pulling/"
                + name
                + ": not a regular file (a FIFO, socket or device), so it was not opened");
  }

  @Test
  void importKubelet_notADirectory_exits2() {
    CliRun run =
        CliRun.of(
            "import-kubelet",
            dir.resolve("absent").toString(),
            "--store",
            dir.resolve("s").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .isEqualTo("pullgate import-kubelet: " + dir.resolve("absent") + ": not a directory\n");
    assertThat(dir.resolve("s")).doesNotExist();
  }

  @Test
  void importKubelet_subdirectoryThatCannotBeListed_exits2AndCreatesNoStore() throws Exception {
    Path kubelet = Files.createDirectories(dir.resolve("kubelet"));
    Files.writeString(kubelet.resolve("pulled"), "a file where the pulled directory belongs");
    Path store = dir.resolve("s");

    CliRun run = CliRun.of("import-kubelet", kubelet.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "pullgate import-kubelet: could not list "
                + kubelet.resolve("pulled")
                + " (not a directory)\n");
    assertThat(store).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1alpha1", "v1beta1"})
  void exportThenImport_givesAnIdenticalStore(String version) throws Exception {
    Path original = dir.resolve("original");
    OperatorStore.fill(original);
    Path kubelet = dir.resolve("kubelet");
    Path copy = dir.resolve("copy");

    CliRun export =
        CliRun.of(
            "export-kubelet",
            kubelet.toString(),
            "--store",
            original.toString(),
            "--api-version",
            version);
    CliRun reimport = CliRun.of("import-kubelet", kubelet.toString(), "--store", copy.toString());

    assertThat(export.exitCode()).isZero();
    assertThat(export.outLines())
        .containsExactly(
            "Exported 4 pulled records and 1 pull intent from "
                + original
                + " to "
                + kubelet
                + " as kubelet.config.k8s.io/"
                + version);
    assertThat(reimport.exitCode()).isZero();
    assertThat(reimport.outLines())
        .containsExactly(
            "Imported 4 pulled records and 1 pull intent from " + kubelet + " into " + copy);
    // The kubelet keeps one time per record: every credential comes back dated at its record's.
    assertThat(OperatorStore.contents(copy))
        .isEqualTo(OperatorStore.contents(original).asTheKubeletKeepsIt());
    assertThat(Files.readString(onlyFile(kubelet.resolve("pulling"))))
        .contains("\"apiVersion\":\"kubelet.config.k8s.io/" + version + "\"");
  }

  @Test
  void exportKubelet_intoADirectoryWithRecordFiles_exits2() {
    Path original = dir.resolve("original");
    OperatorStore.fill(original);
    Path kubelet = dir.resolve("kubelet");
    assertThat(
            CliRun.of("export-kubelet", kubelet.toString(), "--store", original.toString())
                .exitCode())
        .isZero();

    CliRun again = CliRun.of("export-kubelet", kubelet.toString(), "--store", original.toString());

    assertThat(again.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(again.err()).contains("already holds 5 record files");
  }

  @Test
  void exportKubelet_directoryThatCannotBeWritten_exits2NamingItWithoutTheDamageHint()
      throws Exception {
    Path original = dir.resolve("original");
    OperatorStore.fill(original);
    Path kubelet = Files.createDirectories(dir.resolve("kubelet"));
    Files.writeString(kubelet.resolve("pulling"), "a file where the pulling directory belongs");

    CliRun run = CliRun.of("export-kubelet", kubelet.toString(), "--store", original.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .startsWith(
            "pullgate export-kubelet: could not list "
                + kubelet.resolve("pulling")
                + " (not a"
                + " directory)")
        .doesNotContain("verify");
  }

  @Test
  void exportKubelet_unknownApiVersion_exits2() {
    CliRun run =
        CliRun.of(
            "export-kubelet",
            dir.resolve("k").toString(),
            "--store",
            dir.toString(),
            "--api-version",
            "v2");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .startsWith("Invalid value for option '--api-version': expected v1alpha1 or v1beta1\n");
  }

  @Test
  void importKubelet_withHashKey_keepsKeyedHashes_andAPodWithTheKubeletsHashStillMatches()
      throws Exception {
    Path fixture = fixture("v1beta1");
    Path store = dir.resolve("store");
    Path key = dir.resolve("hash.key");

    CliRun run =
        CliRun.of(
            "import-kubelet",
            fixture.toString(),
            "--store",
            store.toString(),
            "--hash-key",
            key.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SKIPPED);
    assertThat(run.outLines())
        .first()
        .isEqualTo(
            "Imported 2 pulled records and 1 pull intent from " + fixture + " into " + store);
    assertThat(key).isRegularFile();
    PulledRecord imported = OperatorStore.contents(store).records().get(0);
    assertThat(imported.credentialsFor("registry.example/team/app").secrets())
        .extracting(CredentialSet.Secret::hash)
        .hasSize(2)
        .doesNotContain(OperatorStore.HASH_A, OperatorStore.HASH_B);
    SecretCredential copied = SecretCredential.of("uid-c", "team-c", "copy", OperatorStore.HASH_A);
    SecretCredential unknown =
        SecretCredential.of("uid-d", "team-d", "other", CredentialHash.fromHex("0f".repeat(32)));
    PullGateConfig config = PullGateConfig.builder().storePath(store).hashKey(key).build();
    try (PullGate gate = PullGate.open(config)) {
      assertThat(gate.mustAttemptImagePull(APP_V1, A_REF, pod(copied)).reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
      assertThat(gate.mustAttemptImagePull(APP_V1, A_REF, pod(unknown)).reason())
          .isEqualTo(DecisionReason.NO_MATCHING_CREDENTIALS);
    }
  }

  @Test
  void importKubelet_intoAKeyedStoreWithoutItsHashKey_exits2AndChangesNothing() throws Exception {
    Path store = dir.resolve("store");
    Path key = dir.resolve("hash.key");
    OperatorStore.fill(store, key);

    CliRun run =
        CliRun.of("import-kubelet", fixture("v1beta1").toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("pullgate.credentials.hashKey");
    assertThat(OperatorStore.contents(store).records())
        .extracting(PulledRecord::imageRef)
        .doesNotContain(A_REF, B_REF);
  }

  @Test
  void exportKubelet_ofAKeyedStore_exits2AndWritesNothing() {
    Path store = dir.resolve("store");
    OperatorStore.fill(store, dir.resolve("hash.key"));
    Path kubelet = dir.resolve("kubelet");

    CliRun run = CliRun.of("export-kubelet", kubelet.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("a keyed store cannot be exported");
    assertThat(kubelet).doesNotExist();
  }

  @Test
  void importKubelet_intents_areStoredUnderTheirNormalisedReference_andAnInvalidOneIsSkipped() {
    Path kubelet = dir.resolve("kubelet");
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(kubelet);
    directory.writePullIntent("nginx:1.25", KubeletApiVersion.V1BETA1);
    directory.writePullIntent("docker.io/library/nginx:1.25", KubeletApiVersion.V1BETA1);
    directory.writePullIntent("Registry.Example/App:v1", KubeletApiVersion.V1BETA1);
    Path store = dir.resolve("store");

    CliRun run = CliRun.of("import-kubelet", kubelet.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SKIPPED);
    assertThat(run.outLines())
        .endsWith(
            "Skipped 1 file:",
            "  pulling/"
                + KubeletRecordDirectory.fileName("Registry.Example/App:v1")
                + ": its image is not a valid image reference");
    assertThat(OperatorStore.contents(store).intents())
        .containsExactly("docker.io/library/nginx:1.25");
    assertThat(CliRun.of("list", "--store", store.toString()).outLines())
        .endsWith("Pull intents: 1", "docker.io/library/nginx:1.25");
  }

  private static PodCredentials pod(SecretCredential secret) {
    return PodCredentials.of(List.of(secret), null);
  }

  private static Path fixture(String version) throws URISyntaxException {
    return Path.of(KubeletCommandsTest.class.getResource("/kubelet/" + version).toURI());
  }

  private static Path onlyFile(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .reduce(
              (a, b) -> {
                throw new AssertionError("more than one file in " + directory);
              })
          .orElseThrow();
    }
  }
}
