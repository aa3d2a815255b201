package dev.pullgate.cli;

import static dev.pullgate.cli.OperatorStore.APP_REF;
import static dev.pullgate.cli.OperatorStore.BUILDER_REF;
import static dev.pullgate.cli.OperatorStore.HASH_A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pullgate forget}: removes a secret, a service account or a namespace from every record of
 * a store that an engine filled ({@link OperatorStore#fill}), prints how many entries went, and
 * refuses what would match nothing by mistake.
 */
class ForgetCommandTest {
  private static final String APP = "registry.example/team/app";

  @TempDir Path dir;
  private Path storeDir;
  private String store;

  @BeforeEach
  void fillStore() {
    storeDir = dir.resolve("store");
    OperatorStore.fill(storeDir);
    store = storeDir.toString();
  }

  @Test
  void forgetSecret_removesItsEntry_andItGrantsNothingAfterwards() {
    CliRun run = CliRun.of("forget", "--store", store, "--secret-uid", "uid-team-a-regcred");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "Removed 1 entry of the secret with uid uid-team-a-regcred from the records of "
                + store
                + ".\n");
    assertThat(run.err()).isEmpty();
    assertThat(secretsOf(APP_REF))
        .extracting(s -> s.coordinates().namespace())
        .containsExactly("team-b");
    assertThat(decide(SecretCredential.of("uid-team-a-regcred", "team-a", "regcred", HASH_A)))
        .isEqualTo("pull (NO_MATCHING_CREDENTIALS)");
  }

  @Test
  void forgetServiceAccountAndNamespace_eachRemoveTheirEntries() {
    CliRun account =
        CliRun.of("forget", "--store", store, "--service-account-uid", "sa-uid-ci-builder");
    CliRun namespace = CliRun.of("forget", "--store", store, "--namespace", "team-b");

    assertThat(account.exitCode()).isZero();
    assertThat(account.out())
        .startsWith("Removed 1 entry of the service account with uid sa-uid-ci-builder ");
    assertThat(namespace.exitCode()).isZero();
    assertThat(namespace.out()).startsWith("Removed 1 entry of namespace team-b ");
    assertThat(record(BUILDER_REF).credentialMapping().values())
        .allSatisfy(set -> assertThat(set.serviceAccounts()).isEmpty());
    assertThat(secretsOf(APP_REF))
        .extracting(s -> s.coordinates().namespace())
        .containsExactly("team-a");
  }

  @Test
  void forgetAgain_removesNothing_andSaysSo() {
    CliRun.of("forget", "--store", store, "--namespace", "team-a");

    CliRun again = CliRun.of("forget", "--store", store, "--namespace", "team-a");

    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).startsWith("Removed 0 entries of namespace team-a ");
  }

  @Test
  void forget_moreOrLessThanOneTarget_isAUsageError_andChangesNothing() {
    OperatorStore.Contents before = OperatorStore.contents(storeDir);

    CliRun two =
        CliRun.of(
            "forget", "--store", store, "--secret-uid", "uid-team-a-regcred", "--namespace", "x");
    CliRun none = CliRun.of("forget", "--store", store);

    assertThat(two.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(two.err()).contains("mutually exclusive");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(none.err()).contains("Missing required argument");
    assertThat(OperatorStore.contents(storeDir)).isEqualTo(before);
  }

  @Test
  void forget_malformedUidOrNamespace_exits2NamingTheOptionNotTheValue() {
    CliRun uid = CliRun.of("forget", "--store", store, "--secret-uid", "pass word");
    CliRun namespace = CliRun.of("forget", "--store", store, "--namespace", "Team_A");
    CliRun empty = CliRun.of("forget", "--store", store, "--service-account-uid", "");

    assertThat(uid.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(uid.err())
        .isEqualTo(
            "pullgate forget: --secret-uid must be 1 to 128 printable ASCII characters without"
                + " whitespace\n");
    assertThat(namespace.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(namespace.err())
        .startsWith("pullgate forget: --namespace must be a DNS-1123 label")
        .doesNotContain("Team_A");
    assertThat(empty.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(empty.err()).startsWith("pullgate forget: --service-account-uid must be 1 to 128");
  }

  @Test
  void forget_noStoreAtDir_exits2AndCreatesNothing() {
    Path missing = dir.resolve("missing");

    CliRun run = CliRun.of("forget", "--store", missing.toString(), "--namespace", "team-a");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("no Pullgate store");
    assertThat(missing).doesNotExist();
  }

  @Test
  void forget_keyedStore_needsItsKey() {
    Path keyedDir = dir.resolve("keyed");
    Path key = dir.resolve("hash.key");
    OperatorStore.fill(keyedDir, key);

    CliRun without = CliRun.of("forget", "--store", keyedDir.toString(), "--namespace", "team-a");
    CliRun with =
        CliRun.of(
            "forget",
            "--store",
            keyedDir.toString(),
            "--namespace",
            "team-a",
            "--hash-key",
            key.toString());

    assertThat(without.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(without.err()).contains("pullgate.credentials.hashKey");
    assertThat(with.exitCode()).isZero();
    assertThat(with.out()).startsWith("Removed 1 entry of namespace team-a ");
  }

  private PulledRecord record(String imageRef) {
    try (LmdbPullRecordStore opened = LmdbPullRecordStore.openReadOnly(storeDir)) {
      return opened.pulledRecord(imageRef).orElseThrow();
    }
  }

  private List<CredentialSet.Secret> secretsOf(String imageRef) {
    return record(imageRef).credentialsFor(APP).secrets();
  }

  private String decide(SecretCredential secret) {
    try (PullGate gate = PullGate.open(PullGateConfig.builder().storePath(storeDir).build())) {
      PullDecision decision =
          gate.mustAttemptImagePull(
              "registry.example/team/app:v1", APP_REF, PodCredentials.of(List.of(secret), null));
      return decision.toString();
    }
  }
}
