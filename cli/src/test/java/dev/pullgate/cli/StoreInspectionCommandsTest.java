package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.APP_REF;
import static dev.pullgate.cli.OperatorStore.BUILDER_REF;
import static dev.pullgate.cli.OperatorStore.HASH_A;
import static dev.pullgate.cli.OperatorStore.HASH_B;
import static dev.pullgate.cli.OperatorStore.MARKED_REF;
import static dev.pullgate.cli.OperatorStore.NGINX_REF;
import static dev.pullgate.cli.OperatorStore.OPEN_INTENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stat}, {@code list} and {@code get} on a store that an engine filled. */
class StoreInspectionCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private String store;

  @BeforeEach
  void fillStore() {
    OperatorStore.fill(dir);
    store = dir.toString();
  }

  @Test
  void stat_showsCountsSchemaAndSizes() {
    CliRun run = CliRun.of("stat", "--store", store);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .contains("schema version     2", "pulled records     4", "pull intents       1")
        .anySatisfy(line -> assertThat(line).startsWith("data file ").endsWith(" bytes)"))
        .anySatisfy(line -> assertThat(line).startsWith("map ").contains(" used of "))
        .anySatisfy(line -> assertThat(line).startsWith("reader slots ").contains(" of "));
    assertThat(run.err()).isEmpty();
  }

  @Test
  void statJson_holdsTheSameNumbers() throws Exception {
    CliRun run = CliRun.of("stat", "--store", store, "--json");

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(json.get("pulledRecords").asLong()).isEqualTo(4);
    assertThat(json.get("pullIntents").asLong()).isEqualTo(1);
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(2);
    assertThat(json.get("dataFileBytes").asLong()).isEqualTo(Files.size(dir.resolve("data.mdb")));
    assertThat(json.get("mapBytesUsed").asLong())
        .isPositive()
        .isLessThanOrEqualTo(json.get("mapSize").asLong());
  }

  @Test
  void list_printsRecordsSortedWithWhoMayUseThem_andNoHashes() {
    CliRun run = CliRun.of("list", "--store", store);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsSubsequence(
            "Pulled records: 4",
            NGINX_REF + "  updated 2025-06-01T10:00:00Z",
            "    docker.io/library/nginx  every pod on the node",
            APP_REF + "  updated 2025-06-01T12:00:00Z",
            "    registry.example/team/app  2 secrets (team-a/regcred, team-b/pull)",
            BUILDER_REF + "  updated 2025-06-01T13:00:00Z",
            "    registry.example:5000/builder  1 service account (ci/builder)",
            MARKED_REF + "  updated 2025-06-01T14:00:00Z",
            "",
            "Pull intents: 1",
            OPEN_INTENT);
    assertThat(run.out())
        .doesNotContain(HASH_A.hex().substring(0, 8))
        .doesNotContain(HASH_B.hex().substring(0, 8));
  }

  @Test
  void listJson_showsEveryFieldWithFullHashes() throws Exception {
    CliRun run = CliRun.of("list", "--store", store, "--json");

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(json.get("pulledRecords")).hasSize(4);
    JsonNode app = json.get("pulledRecords").get(1);
    assertThat(app.get("imageRef").asText()).isEqualTo(APP_REF);
    assertThat(app.get("lastUpdatedTime").asText()).isEqualTo("2025-06-01T12:00:00Z");
    JsonNode secrets =
        app.get("credentialMapping").get("registry.example/team/app").get("kubernetesSecrets");
    assertThat(secrets.findValuesAsText("credentialHash"))
        .containsExactly(HASH_A.hex(), HASH_B.hex());
    assertThat(secrets.findValuesAsText("namespace")).containsExactly("team-a", "team-b");
    assertThat(secrets.findValuesAsText("acceptedTime"))
        .containsExactly("2025-06-01T11:00:00Z", "2025-06-01T12:00:00Z");
    assertThat(app.get("pulledByNode").asBoolean()).isTrue();
    assertThat(app.get("preloadedImageNames")).isEmpty();
    assertThat(json.get("pullIntents").get(0).get("image").asText()).isEqualTo(OPEN_INTENT);
  }

  @Test
  void get_printsOneRecordWithShortenedHashes() {
    CliRun run = CliRun.of("get", "--store", store, APP_REF);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Pulled record " + APP_REF,
            "  last updated  2025-06-01T12:00:00Z",
            "  image name registry.example/team/app",
            "    secret           team-a/regcred  hash 4da0e2f8…  accepted 2025-06-01T11:00:00Z"
                + "  uid uid-team-a-regcred",
            "    secret           team-b/pull     hash b23a6a84…  accepted 2025-06-01T12:00:00Z"
                + "  uid uid-team-b-pull");
    assertThat(run.out()).doesNotContain(HASH_A.hex().substring(0, 9));
  }

  @Test
  void getJson_printsTheFullHash() throws Exception {
    CliRun run = CliRun.of("get", "--store", store, "--json", APP_REF);

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(json.findValuesAsText("credentialHash")).containsExactly(HASH_A.hex(), HASH_B.hex());
  }

  @Test
  void get_serviceAccountAndNodeAccessibleRecords_sayWhoMayUseThem() {
    assertThat(CliRun.of("get", "--store", store, BUILDER_REF).out())
        .contains("    service account  ci/builder")
        .contains("accepted 2025-06-01T13:00:00Z  uid sa-uid-ci-builder");
    assertThat(CliRun.of("get", "--store", store, NGINX_REF).out())
        .contains("  image name docker.io/library/nginx\n    every pod on the node");
  }

  @Test
  void get_unknownImageRef_exits4WithAMessage() {
    CliRun run = CliRun.of("get", "--store", store, "sha256:" + "9".repeat(64));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("pullgate get: no pulled record for imageRef 'sha256:" + "9".repeat(64) + "'\n");
  }

  @Test
  void get_malformedDigest_exits2AsBadInput() {
    // A repository@digest whose digest is malformed may be user:password@host: see below.
    for (String key : new String[] {"sha256:0000", "sha256:" + "A".repeat(64)}) {
      CliRun run = CliRun.of("get", "--store", store, key);

      assertThat(run.exitCode()).as(key).isEqualTo(ExitCodes.INVALID);
      assertThat(run.out()).as(key).isEmpty();
      assertThat(run.err()).as(key).contains("is not a well-formed imageRef: a sha");
    }
  }

  @Test
  void get_imageRefOrImageThatMayHoldCredentials_isNeverEchoed() {
    CliRun record = CliRun.of("get", "--store", store, "robot:hunter2@registry.example");
    CliRun intent =
        CliRun.of("get", "--store", store, "--intent", "robot:hunter2@registry.example/app");
    CliRun malformed = CliRun.of("get", "--store", store, "robot:hunter2@sha256:00");

    CliRun digested = CliRun.of("get", "--store", store, "x@sha512:00");

    // No imageRef holds what may be userinfo, and no image does: bad input, every time.
    assertThat(record.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(intent.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(malformed.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(digested.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(record.err() + intent.err() + malformed.err() + digested.err())
        .contains("not shown because it may hold credentials")
        .doesNotContain("hunter2")
        .doesNotContain("x@sha512");
  }

  @Test
  void getIntent_storedAndMissing() throws Exception {
    CliRun found = CliRun.of("get", "--store", store, "--intent", OPEN_INTENT);
    CliRun json = CliRun.of("get", "--store", store, "--intent", "--json", OPEN_INTENT);
    CliRun missing = CliRun.of("get", "--store", store, "--intent", "nginx:1.25");

    assertThat(found.exitCode()).isZero();
    assertThat(found.outLines()).first().isEqualTo("Pull intent " + OPEN_INTENT);
    assertThat(JSON.readTree(json.out()).get("image").asText()).isEqualTo(OPEN_INTENT);
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).contains("no pull intent for image 'nginx:1.25'");
  }

  @Test
  void readOnlyCommands_onADirectoryWithoutAStore_exit2AndCreateNothing() {
    Path empty = dir.resolve("nothing-here");

    for (String command : new String[] {"stat", "list", "verify"}) {
      CliRun run = CliRun.of(command, "--store", empty.toString());
      assertThat(run.exitCode()).as(command).isEqualTo(ExitCodes.INVALID);
      assertThat(run.err()).as(command).contains("no Pullgate store at " + empty);
    }
    assertThat(empty).doesNotExist();
  }

  @Test
  void everyOperatorCommand_hasHelpWithExitCodes() {
    for (String command :
        new String[] {
          "simulate",
          "stat",
          "list",
          "get",
          "verify",
          "prune",
          "forget",
          "rekey",
          "import-kubelet",
          "export-kubelet"
        }) {
      CliRun run = CliRun.of(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.out()).as(command).contains("Usage: pullgate " + command, "Exit codes:");
    }
  }
}
