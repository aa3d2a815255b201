package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.APP_REF;
import static dev.pullgate.cli.OperatorStore.HASH_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.error.PullGateException;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pullgate rekey}: converts a store that keeps the kubelet's credential hashes to keep them
 * under a key, leaves a store already under that key alone, and refuses every other case without
 * changing anything.
 */
class RekeyCommandTest {
  @TempDir Path dir;
  private Path storeDir;
  private String store;
  private Path key;

  @BeforeEach
  void fillStore() {
    storeDir = dir.resolve("store");
    OperatorStore.fill(storeDir);
    store = storeDir.toString();
    key = dir.resolve("hash.key");
  }

  @Test
  void rekey_convertsEveryRecord_andTheStoreThenDecidesAsBeforeWithItsKeyOnly() throws Exception {
    CliRun run = CliRun.of("rekey", "--store", store, "--hash-key", key.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "Rekeyed 4 pulled records of "
                + store
                + ": credential hashes are now kept under the key in "
                + key
                + " (a new key, created now). Run the agent with pullgate.credentials.hashKey="
                + key
                + ".\n");
    assertThat(Files.size(key)).isEqualTo(32);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
    }
    try (LmdbPullRecordStore opened = LmdbPullRecordStore.openReadOnly(storeDir)) {
      assertThat(opened.hashKeyId()).isPresent();
      assertThat(opened.pulledRecord(APP_REF).orElseThrow().credentialMapping().values())
          .flatMap(set -> set.secrets())
          .noneMatch(secret -> secret.hash().equals(HASH_A));
    }
    try (PullGate gate =
        PullGate.open(PullGateConfig.builder().storePath(storeDir).hashKey(key).build())) {
      assertThat(
              gate.mustAttemptImagePull(
                      "registry.example/team/app:v1",
                      APP_REF,
                      PodCredentials.of(
                          List.of(SecretCredential.of("uid-x", "team-x", "copy", HASH_A)), null))
                  .toString())
          .isEqualTo("use (SECRET_HASH_MATCH)");
    }
    assertThatThrownBy(() -> PullGate.open(PullGateConfig.builder().storePath(storeDir).build()))
        .isInstanceOf(PullGateException.class)
        .hasMessageContaining("under a key");
  }

  @Test
  void rekey_againWithTheSameKey_changesNothingAndExits0() {
    CliRun.of("rekey", "--store", store, "--hash-key", key.toString());
    OperatorStore.Contents before = OperatorStore.contents(storeDir);

    CliRun again = CliRun.of("rekey", "--store", store, "--hash-key", key.toString());

    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .isEqualTo(
            store
                + " already keeps its credential hashes under the key in "
                + key
                + "; nothing was changed.\n");
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  void rekey_withAnotherKey_exits2AndChangesNothing() throws IOException {
    CliRun.of("rekey", "--store", store, "--hash-key", key.toString());
    OperatorStore.Contents before = OperatorStore.contents(storeDir);
    Path other = dir.resolve("other.key");
    CliRun.of("replay", emptyTrace().toString(), "--in-memory", "--hash-key", other.toString());

    CliRun run = CliRun.of("rekey", "--store", store, "--hash-key", other.toString());

    assertThat(Files.exists(other)).isTrue();
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("under another key than " + other);
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  void rekey_keyedStoreWithAMissingKeyFile_exits2AndCreatesNoKey() {
    CliRun.of("rekey", "--store", store, "--hash-key", key.toString());
    Path missing = dir.resolve("missing.key");

    CliRun run = CliRun.of("rekey", "--store", store, "--hash-key", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("does not exist, so it cannot hold that key");
    assertThat(missing).doesNotExist();
  }

  @Test
  void rekey_noStoreAtDir_exits2AndCreatesNeitherStoreNorKey() {
    Path missing = dir.resolve("missing");

    CliRun run = CliRun.of("rekey", "--store", missing.toString(), "--hash-key", key.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("no Pullgate store");
    assertThat(missing).doesNotExist();
    assertThat(key).doesNotExist();
  }

  @Test
  void rekey_keyFileOthersMayRead_exits2AndChangesNothing() throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Files.write(key, new byte[32]);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    OperatorStore.Contents before = OperatorStore.contents(storeDir);

    CliRun run = CliRun.of("rekey", "--store", store, "--hash-key", key.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("must be readable by its owner only");
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
    try (LmdbPullRecordStore opened = LmdbPullRecordStore.openReadOnly(storeDir)) {
      assertThat(opened.hashKeyId()).isEmpty();
    }
  }

  @Test
  void rekey_withoutHashKey_isAUsageError() {
    CliRun run = CliRun.of("rekey", "--store", store);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("--hash-key");
  }

  private Path emptyTrace() throws IOException {
    return Files.writeString(dir.resolve("empty.trace"), "");
  }
}
