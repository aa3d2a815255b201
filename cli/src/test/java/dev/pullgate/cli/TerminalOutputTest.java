package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import dev.pullgate.store.lmdb.LmdbStoreOptions;
import dev.pullgate.store.lmdb.StoreDamage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list}, {@code get} and {@code verify} print strings from a store with every character a
 * terminal would interpret escaped as {@code \\uXXXX}: a store written by another tool, or damaged,
 * may hold escape sequences in its keys.
 */
class TerminalOutputTest {
  private static final String ESC_REF = "sha256:evil\u001b[2J\u0007";
  private static final String IMAGE_NAME = "registry.example/\u001b]0;pwned\u0007/app";
  private static final String INTENT = "evil\r\nimage\u009b\u00e9\u007f\u0000";
  private static final String MARKER = "marker-5c1d7a09e2";
  private static final String MARKED_REF = "sha256:\u009b" + MARKER;
  private static final String VALID_REF = "sha256:" + "7".repeat(64);

  @TempDir Path dir;
  @TempDir Path keepDir;
  private String store;

  @BeforeEach
  void fillStoreWithHostileStrings() {
    try (LmdbPullRecordStore lmdb = LmdbPullRecordStore.open(LmdbStoreOptions.of(dir))) {
      CredentialSet secret =
          CredentialSet.of(
              List.of(SecretCredential.of("uid-a", "team-a", "regcred", CredentialHash.EMPTY)),
              List.of());
      Instant t0 = Instant.parse("2025-06-01T10:00:00Z");
      lmdb.writePulledRecord(new PulledRecord(ESC_REF, t0, Map.of(IMAGE_NAME, secret)));
      lmdb.writePulledRecord(new PulledRecord(MARKED_REF, t0, Map.of("r.example/a", secret)));
      lmdb.writePulledRecord(new PulledRecord(VALID_REF, t0, Map.of(IMAGE_NAME, secret)));
      lmdb.writePullIntent(new PullIntent(INTENT));
    }
    store = dir.toString();
  }

  @Test
  void escape_keepsPrintableAscii_andEscapesEverythingElse() {
    assertThat(TerminalText.escape("registry.example/app:v1 ~!"))
        .isEqualTo("registry.example/app:v1 ~!");
    assertThat(TerminalText.escape("a\u001b[2Jb\r\n\u0007\u0000\u007f\u0085\u009bé😀"))
        .isEqualTo(
            "a\\u001b[2Jb\\u000d\\u000a\\u0007\\u0000\\u007f\\u0085\\u009b\\u00e9\\ud83d\\ude00");
  }

  @Test
  void list_escapesKeysImageNamesAndIntents() {
    CliRun run = CliRun.of("list", "--store", store);

    assertThat(run.exitCode()).isZero();
    assertTerminalSafe(run.out());
    assertThat(run.out())
        .contains("sha256:evil\\u001b[2J\\u0007  updated 2025-06-01T10:00:00Z")
        .contains("    registry.example/\\u001b]0;pwned\\u0007/app  1 secret (team-a/regcred)")
        .contains("evil\\u000d\\u000aimage\\u009b\\u00e9\\u007f\\u0000");
  }

  @Test
  void get_escapesTheRecordAndTheIntent() {
    CliRun record = CliRun.of("get", "--store", store, VALID_REF);
    CliRun intent = CliRun.of("get", "--store", store, "--intent", INTENT);

    assertThat(record.exitCode()).isZero();
    assertTerminalSafe(record.out());
    assertThat(record.outLines())
        .startsWith(
            "Pulled record " + VALID_REF,
            "  last updated  2025-06-01T10:00:00Z",
            "  image name registry.example/\\u001b]0;pwned\\u0007/app");
    assertThat(intent.exitCode()).isZero();
    assertTerminalSafe(intent.out());
  }

  @Test
  void json_escapesEveryCharacterATerminalWouldInterpret_andReadsBackTheSame() throws Exception {
    CliRun list = CliRun.of("list", "--store", store, "--json");
    CliRun get = CliRun.of("get", "--store", store, "--json", VALID_REF);

    assertTerminalSafe(list.out());
    assertTerminalSafe(get.out());
    JsonNode json = new ObjectMapper().readTree(list.out());
    assertThat(json.get("pullIntents").get(0).get("image").asText()).isEqualTo(INTENT);
    assertThat(json.findValuesAsText("imageRef")).contains(ESC_REF, MARKED_REF);
    assertThat(new ObjectMapper().readTree(get.out()).get("credentialMapping").has(IMAGE_NAME))
        .isTrue();
  }

  @Test
  void pruneDryRun_escapesTheImageRefsItWouldPrune() throws Exception {
    Path keep = Files.writeString(keepDir.resolve("keep"), VALID_REF);

    CliRun run =
        CliRun.of(
            "prune",
            "--store",
            store,
            "--keep-file",
            keep.toString(),
            "--until",
            "2030-01-01T00:00:00Z",
            "--dry-run");

    assertThat(run.exitCode()).isZero();
    assertTerminalSafe(run.out());
    assertThat(run.out()).contains("would prune sha256:evil\\u001b[2J\\u0007  updated ");
  }

  @Test
  void verify_escapesTheKeyOfADamagedEntry() throws Exception {
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    CliRun run = CliRun.of("verify", "--store", store);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertTerminalSafe(run.out());
    assertThat(run.out()).contains("DAMAGED pulled record sha256:").contains("marker-5c1d7a09e");
  }

  /** Asserts that {@code text} holds printable ASCII and line feeds only. */
  private static void assertTerminalSafe(String text) {
    assertThat(text.chars().filter(c -> c != '\n' && (c < ' ' || c > '~')))
        .as("characters a terminal would interpret in:%n%s", text)
        .isEmpty();
  }
}
