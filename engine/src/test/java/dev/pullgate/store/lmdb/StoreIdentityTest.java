package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreDamagedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity file: its documented format, strict reading, and state changes. */
class StoreIdentityTest {
  private static final Instant CREATED = Instant.parse("2026-12-01T17:31:38.123456Z");

  @TempDir Path dir;

  @Test
  void create_writesTheDocumentedLines_0600_throughATemporaryFileThatIsGone() throws Exception {
    StoreIdentity identity = StoreIdentity.create(dir, CREATED, StoreIdentity.State.CREATING);

    String text = Files.readString(dir.resolve(StoreIdentity.FILE));
    assertThat(text)
        .isEqualTo(
            "pullgate-store 1\nid "
                + identity.id()
                + "\ncreated 2026-12-01T17:31:38Z\nstate creating\n");
    assertThat(identity.id().toString()).matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(StoreIdentity.FILE))))
        .isEqualTo("rw-------");
    assertThat(dir.resolve(StoreIdentity.FILE + ".tmp")).doesNotExist();
    StoreIdentity read = StoreIdentity.read(dir).orElseThrow();
    assertThat(read.id()).isEqualTo(identity.id());
    assertThat(read.created()).isEqualTo(Instant.parse("2026-12-01T17:31:38Z"));
    assertThat(read.state()).isEqualTo(StoreIdentity.State.CREATING);
    assertThat(StoreIdentity.read(dir.resolve("elsewhere"))).isEmpty();
  }

  @Test
  void markDamaged_thenMarkReady_changeOnlyTheStateAndReason() throws Exception {
    StoreIdentity ready = StoreIdentity.create(dir, CREATED, StoreIdentity.State.READY);

    ready.markDamaged("verify found 2 damaged pulled records");
    StoreIdentity damaged = StoreIdentity.read(dir).orElseThrow();
    assertThat(damaged.state()).isEqualTo(StoreIdentity.State.DAMAGED);
    assertThat(damaged.reason()).isEqualTo("verify found 2 damaged pulled records");
    assertThat(Files.readString(dir.resolve(StoreIdentity.FILE)))
        .endsWith("state damaged\nreason verify found 2 damaged pulled records\n");

    damaged.markReady();
    StoreIdentity repaired = StoreIdentity.read(dir).orElseThrow();
    assertThat(repaired.text()).isEqualTo(ready.text());
    assertThat(repaired.reason()).isNull();
  }

  @Test
  void markDamaged_refusesAReasonThatIsNotOneShortPrintableLine() {
    StoreIdentity ready = StoreIdentity.create(dir, CREATED, StoreIdentity.State.READY);
    for (String reason : List.of("", "two\nlines", "caf\u00e9", "x".repeat(201))) {
      assertThatThrownBy(() -> ready.markDamaged(reason))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(StoreIdentity.read(dir).orElseThrow().state()).isEqualTo(StoreIdentity.State.READY);
  }

  @Test
  void read_refusesAnythingElse_namingTheFileAndWhatIsWrong() throws Exception {
    StoreIdentity identity = StoreIdentity.create(dir, CREATED, StoreIdentity.State.READY);
    String good = identity.text();
    String id = identity.id().toString();
    Object[][] cases = {
      {"", "it is empty"},
      {"garbage\n", "its first line is not pullgate-store 1"},
      {good.replace("store 1", "store 2"), "it is of another format version"},
      {good.trim(), "its last line does not end with a line feed"},
      {good.replace("state ready", "state unknown"), "its state 'unknown' is none of"},
      {good.replace("state ready", "state damaged"), "its state is damaged but it has no reason"},
      {good + "reason extra\n", "only a damaged store's identity has a fifth line"},
      {good.replace("id ", "ID "), "a line that should start with 'id ' does not"},
      {good.replace("id ", "id x"), "its id is not a UUID in lower case"},
      {good.replace(id, id.toUpperCase(Locale.ROOT)), "its id is not a UUID in lower case"},
      {
        good.replace("created 2026-12-01T17:31:38Z", "created 2026-12-01T17:31:38+01:00"),
        "its creation time is not"
      },
      {good.replace("\n", "\r\n"), "its first line is not"},
      {good.replace("ready", "r\u00e9ady"), "it is not ASCII text"},
      {good + "x".repeat(StoreIdentity.MAX_BYTES), "it is larger than 4096 bytes"},
    };
    for (Object[] c : cases) {
      Files.writeString(dir.resolve(StoreIdentity.FILE), (String) c[0], StandardCharsets.UTF_8);
      assertThatThrownBy(() -> StoreIdentity.read(dir))
          .as((String) c[0])
          .isInstanceOf(StoreDamagedException.class)
          .hasMessageStartingWith(
              dir.resolve(StoreIdentity.FILE) + " is not a Pullgate store identity: ")
          .hasMessageContaining((String) c[1]);
    }
  }
}
