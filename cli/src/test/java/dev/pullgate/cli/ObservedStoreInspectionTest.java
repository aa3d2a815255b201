package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.BASE_REF;
import static dev.pullgate.cli.OperatorStore.BUSYBOX_REF;
import static dev.pullgate.cli.OperatorStore.HASH_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list} and {@code get} on a store that an agent in observed preloaded mode filled ({@link
 * OperatorStore#fillObserved}): records of images only observed as preloaded, preloaded names
 * beside pulled ones, acceptance times, and an intent looked up by any spelling of its image.
 */
class ObservedStoreInspectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NGINX = "docker.io/library/nginx:1.25";

  @TempDir Path dir;
  private String store;

  @BeforeEach
  void fillStore() {
    OperatorStore.fillObserved(dir);
    store = dir.toString();
  }

  @Test
  void list_marksPreloadedRecordsAndNames_andShowsIntentsNormalised() {
    CliRun run = CliRun.of("list", "--store", store);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Pulled records: 2",
            BUSYBOX_REF
                + "  updated 2025-06-01T10:00:00Z  (preloaded: observed on the node, never pulled)",
            "    docker.io/library/busybox  preloaded (observed before any pull)",
            BASE_REF + "  updated 2025-06-01T11:00:00Z",
            "    registry.example/tools  preloaded (observed before any pull)",
            "    registry.example/base   1 secret (team-a/regcred)",
            "",
            "Pull intents: 1",
            NGINX);
  }

  @Test
  void listJson_holdsPulledByNodePreloadedNamesAndAcceptanceTimes() throws Exception {
    CliRun run = CliRun.of("list", "--store", store, "--json");

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exitCode()).isZero();
    JsonNode busybox = json.get("pulledRecords").get(0);
    assertThat(busybox.get("imageRef").asText()).isEqualTo(BUSYBOX_REF);
    assertThat(busybox.get("pulledByNode").asBoolean()).isFalse();
    assertThat(busybox.get("credentialMapping").isEmpty()).isTrue();
    assertThat(busybox.get("preloadedImageNames").get(0).asText())
        .isEqualTo("docker.io/library/busybox");
    JsonNode base = json.get("pulledRecords").get(1);
    assertThat(base.get("pulledByNode").asBoolean()).isTrue();
    assertThat(base.get("preloadedImageNames")).hasSize(1);
    assertThat(base.get("preloadedImageNames").get(0).asText()).isEqualTo("registry.example/tools");
    JsonNode secret =
        base.get("credentialMapping").get("registry.example/base").get("kubernetesSecrets").get(0);
    assertThat(secret.get("credentialHash").asText()).isEqualTo(HASH_A.hex());
    assertThat(secret.get("acceptedTime").asText()).isEqualTo("2025-06-01T11:00:00Z");
    assertThat(json.get("pullIntents").get(0).get("image").asText()).isEqualTo(NGINX);
  }

  @Test
  void get_recordOnlyObservedAsPreloaded_saysSo() {
    CliRun run = CliRun.of("get", "--store", store, BUSYBOX_REF);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Preloaded record " + BUSYBOX_REF,
            "  last updated  2025-06-01T10:00:00Z",
            "  image name docker.io/library/busybox",
            "    preloaded: observed on the node before any pull of it");
  }

  @Test
  void get_pulledRecordWithAPreloadedName_showsBothAndTheAcceptanceTime() {
    CliRun run = CliRun.of("get", "--store", store, BASE_REF);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Pulled record " + BASE_REF,
            "  last updated  2025-06-01T11:00:00Z",
            "  image name registry.example/tools",
            "    preloaded: observed on the node before any pull of it",
            "  image name registry.example/base",
            "    secret           team-a/regcred  hash 4da0e2f8…  accepted 2025-06-01T11:00:00Z"
                + "  uid uid-team-a-regcred");
  }

  @Test
  void getIntent_anySpellingOfTheImage_findsItsNormalisedReference() throws Exception {
    for (String spelling : new String[] {"nginx:1.25", "library/nginx:1.25", NGINX}) {
      CliRun text = CliRun.of("get", "--store", store, "--intent", spelling);
      CliRun json = CliRun.of("get", "--store", store, "--intent", "--json", spelling);

      assertThat(text.exitCode()).as(spelling).isZero();
      assertThat(text.outLines()).as(spelling).first().isEqualTo("Pull intent " + NGINX);
      assertThat(JSON.readTree(json.out()).get("image").asText()).as(spelling).isEqualTo(NGINX);
    }
  }

  @Test
  void getIntent_otherTagOrInvalidImage_isNotFoundOrBadInput() {
    CliRun otherTag = CliRun.of("get", "--store", store, "--intent", "nginx:1.26");
    CliRun latest = CliRun.of("get", "--store", store, "--intent", "nginx");
    CliRun invalid = CliRun.of("get", "--store", store, "--intent", "Nginx:1.25");

    assertThat(otherTag.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(otherTag.err()).contains("no pull intent for image 'nginx:1.26'");
    assertThat(latest.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(invalid.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(invalid.err()).contains("is not a valid image reference");
  }
}
