package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
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
 * {@code list}, {@code get}, {@code prune} and {@code verify} print nothing a terminal would
 * interpret. The engine stores imageRefs, image names and intents only as printable ASCII, so what
 * reaches the output otherwise comes from damage: a flipped byte makes a key hold a control
 * character, and it is printed escaped as {@code \\uXXXX}. JSON output escapes every such character
 * itself, whatever the string.
 */
class TerminalOutputTest {
  private static final String HOSTILE = "evil\r\nimage\u001b[2J\u0007\u009b\u00e9\u007f\u0000";
  private static final String MARKER = "marker-5c1d7a09e2";
  private static final String MARKED_REF = "sha256:" + MARKER;
  private static final String VALID_REF = "sha256:" + "7".repeat(64);

  /** {@link #MARKED_REF} once {@link StoreDamage} flipped a bit of its last character. */
  private static final String DAMAGED_REF_ESCAPED = "sha256:marker-5c1d7a09e\\u0012";

  @TempDir Path dir;
  @TempDir Path keepDir;
  private String store;

  @BeforeEach
  void fillStoreWithAKeyToDamage() {
    try (LmdbPullRecordStore lmdb = LmdbPullRecordStore.open(dir)) {
      Instant t0 = Instant.parse("2025-06-01T10:00:00Z");
      CredentialSet secret =
          CredentialSet.of(
              List.of(
                  CredentialSet.Secret.of(
                      SecretCredential.of("uid-a", "team-a", "regcred", CredentialHash.EMPTY), t0)),
              List.of());
      lmdb.write(
          Update.builder()
              .putRecord(new PulledRecord(MARKED_REF, t0, Map.of("r.example/a", secret)))
              .putRecord(new PulledRecord(VALID_REF, t0, Map.of("registry.example/app", secret)))
              .putIntent("registry.example/app:v1")
              .build());
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
  void list_damagedKey_isNamedEscaped() throws Exception {
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    CliRun run = CliRun.of("list", "--store", store);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertTerminalSafe(run.out() + run.err());
    assertThat(run.err()).contains(DAMAGED_REF_ESCAPED);
  }

  @Test
  void pruneDryRun_damagedKey_isNamedEscaped() throws Exception {
    StoreDamage.flipEveryCopyOf(dir, MARKER);
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

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertTerminalSafe(run.out() + run.err());
    assertThat(run.err()).contains(DAMAGED_REF_ESCAPED);
  }

  @Test
  void verify_escapesTheKeyOfADamagedEntry() throws Exception {
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    CliRun run = CliRun.of("verify", "--store", store);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertTerminalSafe(run.out());
    assertThat(run.out()).contains("DAMAGED pulled record " + DAMAGED_REF_ESCAPED);
  }

  @Test
  void json_escapesEveryCharacterATerminalWouldInterpret_andReadsBackTheSame() throws Exception {
    String printed = RecordJson.print(RecordJson.intent(HOSTILE));

    assertTerminalSafe(printed);
    JsonNode json = new ObjectMapper().readTree(printed);
    assertThat(json.get("image").asText()).isEqualTo(HOSTILE);
  }

  /** Asserts that {@code text} holds printable ASCII and line feeds only. */
  private static void assertTerminalSafe(String text) {
    assertThat(text.chars().filter(c -> c != '\n' && (c < ' ' || c > '~')))
        .as("characters a terminal would interpret in:%n%s", text)
        .isEmpty();
  }
}
