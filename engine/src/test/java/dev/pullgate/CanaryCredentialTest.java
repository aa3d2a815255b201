package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.FaultyPullRecordStore;
import dev.pullgate.testing.Canary;
import dev.pullgate.testing.CanaryScan;
import dev.pullgate.testing.CapturedLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret-hygiene suite of the engine: the {@link Canary} credential goes through every {@link
 * PullGate} call, decision and error path, with the engine's loggers at {@code ALL}, and no form of
 * it (plain, base64, SHA-256) may appear in a log record, an exception (message, cause, stack
 * trace), a {@code toString()}, the metrics or a file of the store. {@link SecretsStaySecretTest}
 * covers the value types' {@code toString()} alone; the CLI's suite covers replay, import, export
 * and the operator commands.
 */
class CanaryCredentialTest {
  private static final String IMAGE = "registry.example/team/app:v1";
  private static final String NAME = "registry.example/team/app";
  private static final String REF = "sha256:" + "c1".repeat(32);
  private static final String OTHER_REF = "sha256:" + "d2".repeat(32);

  /** The canary in the places of issue 7's misplaced credentials: userinfo of a reference. */
  private static final String USERINFO_IMAGE = Canary.withUserinfo("registry.example/team/app:v1");

  private static final String USERINFO_REF = Canary.withUserinfo("sha256:" + "e3".repeat(32));

  @TempDir Path dir;

  private final TestClock clock = new TestClock();
  private final CanaryScan scan = new CanaryScan();
  private CapturedLogs logs;

  @BeforeEach
  void captureLogs() {
    logs = CapturedLogs.atAllLevels();
  }

  @AfterEach
  void stopCapturing() {
    logs.close();
  }

  @Test
  void canaryCredentials_recordedAndDecidedUpon_appearInNoLogRecordValueMetricOrFile() {
    SecretCredential plain = secret("uid-plain", "regcred", Canary.auth());
    SecretCredential fromAuthField =
        secret("uid-field", "field", RegistryAuth.fromAuthField(Canary.AUTH_FIELD, Canary.EMAIL));
    SecretCredential identityToken =
        secret("uid-idtok", "idtok", new RegistryAuth("<token>", Canary.IDENTITY_TOKEN, ""));
    SecretCredential registryToken =
        secret("uid-regtok", "regtok", new RegistryAuth("", Canary.REGISTRY_TOKEN, ""));
    assertThat(fromAuthField.hash()).isEqualTo(plain.hash());
    try (PullGate gate = PullGate.open(lmdb(), clock)) {
      for (SecretCredential secret : List.of(plain, identityToken, registryToken)) {
        gate.recordPullIntent(IMAGE);
        gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(secret));
      }
      gate.recordPullIntent("registry.example/team/pending:v2");
      clock.advance(Duration.ofMinutes(5));
      // A rotated secret (same coordinates, a hash of other credentials) and a copy elsewhere.
      SecretCredential rotated =
          secret("uid-plain", "regcred", new RegistryAuth(Canary.USERNAME, "rotated", ""));
      SecretCredential copy = SecretCredential.of("uid-copy", "team-b", "copy", plain.hash());
      List<PodCredentials> pods =
          List.of(
              PodCredentials.of(List.of(fromAuthField), null),
              PodCredentials.of(List.of(identityToken, registryToken), null),
              PodCredentials.of(List.of(copy), null),
              PodCredentials.of(List.of(rotated), null),
              PodCredentials.of(
                  List.of(secret("uid-other", "other", new RegistryAuth("x", "y", ""))), null),
              PodCredentials.of(List.of(), new ServiceAccountCoordinates("sa-uid", "team", "sa")));
      List<DecisionReason> reasons = new ArrayList<>();
      for (PodCredentials pod : pods) {
        PullDecision decision = gate.mustAttemptImagePull(IMAGE, REF, pod);
        reasons.add(decision.reason());
        scan.value("decision", decision).value("pod credentials", pod);
      }
      gate.flush();
      assertThat(reasons)
          .startsWith(
              DecisionReason.SECRET_HASH_MATCH,
              DecisionReason.SECRET_HASH_MATCH,
              DecisionReason.SECRET_HASH_MATCH);
      PulledRecord record = gate.pulledRecord(REF).orElseThrow();
      assertThat(record.credentialsFor(NAME).secrets()).hasSizeGreaterThanOrEqualTo(4);
      scanRecord(record);
      scan.value("metrics", gate.metrics());
      for (SecretCredential secret : List.of(plain, fromAuthField, identityToken, rotated, copy)) {
        scan.value("secret", secret).value("hash", secret.hash()).value("hex", secret.hash().hex());
      }
      scan.value("registry auth", Canary.auth());
    }
    // A restart reads everything back.
    try (PullGate gate = PullGate.open(lmdb(), clock)) {
      scanRecord(gate.pulledRecord(REF).orElseThrow());
      scan.value("metrics after restart", gate.metrics());
    }
    assertNothingLeaked(10);
  }

  @Test
  void misplacedCanary_userinfoInEveryReferenceArgument_isRefusedWithoutEchoingIt() {
    try (PullGate gate = PullGate.open(lmdb(), clock)) {
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(secret("u", "s", Canary.auth())));
      PullCredentials creds = PullCredentials.nodePodsAccessible();
      attempt("recordPullIntent", () -> gate.recordPullIntent(USERINFO_IMAGE));
      attempt("recordImagePulled image", () -> gate.recordImagePulled(USERINFO_IMAGE, REF, creds));
      attempt(
          "recordImagePulled imageRef", () -> gate.recordImagePulled(IMAGE, USERINFO_REF, creds));
      attempt("recordImagePullFailed", () -> gate.recordImagePullFailed(USERINFO_IMAGE));
      attempt("pullIntentExists", () -> gate.pullIntentExists(USERINFO_IMAGE));
      attempt("pulledRecord", () -> gate.pulledRecord(USERINFO_REF));
      attempt("prune", () -> gate.pruneUnknownRecords(Set.of(USERINFO_REF), clock.instant()));
      attempt("forgetSecret", () -> gate.forgetSecret(Canary.USER_PASSWORD));
      attempt("forgetNamespace", () -> gate.forgetNamespace(Canary.USER_PASSWORD));
      for (RuntimeImage runtime :
          List.of(
              new RuntimeImage(USERINFO_REF, List.of(IMAGE), List.of()),
              new RuntimeImage(OTHER_REF, List.of(USERINFO_IMAGE), List.of()),
              new RuntimeImage(
                  OTHER_REF, List.of(), List.of(Canary.withUserinfo(NAME + "@" + REF))))) {
        attempt("reconcile", () -> gate.reconcile(List.of(runtime)));
        attempt("recordPreloadedImages", () -> gate.recordPreloadedImages(List.of(runtime)));
      }
      attempt(
          "importRecords name",
          () ->
              gate.importRecords(
                  List.of(
                      new PulledRecord(
                          OTHER_REF,
                          clock.instant(),
                          Map.of(USERINFO_IMAGE, CredentialSet.empty()))),
                  List.of()));
      attempt(
          "importRecords imageRef",
          () ->
              gate.importRecords(
                  List.of(PulledRecord.withoutCredentials(USERINFO_REF, clock.instant())),
                  List.of()));
      attempt("importRecords intent", () -> gate.importRecords(List.of(), List.of(USERINFO_IMAGE)));
      PodCredentials pod = PodCredentials.of(List.of(secret("u", "s", Canary.auth())), null);
      for (String[] pair :
          List.of(
              new String[] {USERINFO_IMAGE, REF},
              new String[] {IMAGE, USERINFO_REF},
              new String[] {USERINFO_IMAGE, USERINFO_REF})) {
        PullDecision decision = gate.mustAttemptImagePull(pair[0], pair[1], pod);
        assertThat(decision.reason()).isEqualTo(DecisionReason.INVALID_INPUT);
      }
      gate.flush();
      scan.value("metrics", gate.metrics());
      scanRecord(gate.pulledRecord(REF).orElseThrow());
    }
    assertNothingLeaked(20);
  }

  @Test
  void credentialLookupsThatThrowTheCanary_failClosedAndLogOnlyTheType() {
    RuntimeException withCause =
        new IllegalStateException(
            "lookup of " + Canary.USER_PASSWORD,
            new RuntimeException(Canary.AUTH_FIELD, new Error(Canary.IDENTITY_TOKEN)));
    List<PodCredentials> lookups =
        List.of(
            lookup(() -> throwIt(withCause), Optional::empty),
            lookup(List::of, () -> throwIt(new SecurityException(Canary.REGISTRY_TOKEN))),
            lookup(() -> throwIt(new AssertionError(Canary.PASSWORD)), Optional::empty),
            lookup(() -> null, Optional::empty));
    try (PullGate gate = PullGate.open(lmdb(), clock)) {
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(secret("u", "s", Canary.auth())));
      for (PodCredentials pod : lookups) {
        PullDecision decision = gate.mustAttemptImagePull(IMAGE, REF, pod);
        assertThat(decision.reason()).isEqualTo(DecisionReason.CREDENTIAL_LOOKUP_ERROR);
        scan.value("decision", decision);
      }
      scan.value("metrics", gate.metrics());
    }
    assertThat(logs.records()).isNotEmpty();
    assertNothingLeaked(5);
  }

  @Test
  void storeFailuresDuringCanaryDecisions_logNoCanary() {
    FaultyPullRecordStore store = new FaultyPullRecordStore();
    SecretCredential canary = secret("u", "s", Canary.auth());
    try (PullGate gate = PullGate.open(PullGateConfig.defaults(), store, clock)) {
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(canary));
      store.failReads(true);
      PullDecision decision =
          gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(canary), null));
      assertThat(decision.reason()).isEqualTo(DecisionReason.STORE_ERROR);
      store.failReads(false).failWrites(true);
      attempt(
          "recordImagePulled on a failing store",
          () -> gate.recordImagePulled(IMAGE, OTHER_REF, PullCredentials.secret(canary)));
      store.failWrites(false);
      scan.value("metrics", gate.metrics());
    }
    assertThat(logs.records()).isNotEmpty();
    assertNothingLeaked(3);
  }

  @Test
  void canaryInConfigurations_isRefusedWithoutEchoingIt() throws IOException {
    // A bare password where a number belongs cannot be told from a typo, and is quoted like one;
    // what a message must never quote is userinfo, user:password@, which a value can be seen to
    // hold.
    List<String> values =
        List.of(
            Canary.withUserinfo("registry.example"),
            Canary.withUserinfo("registry.example/team/*"),
            "registry.example/a, " + Canary.withUserinfo("registry.example/b"));
    // The two paths are the operator's to choose; a config shows them, as it should.
    List<String> keys = new ArrayList<>(PullGateConfig.KEYS);
    keys.removeAll(List.of(PullGateConfig.STORE_PATH, PullGateConfig.HASH_KEY));
    for (String key : keys) {
      for (String value : values) {
        Properties properties = new Properties();
        properties.setProperty(PullGateConfig.POLICY, "NeverVerifyAllowlistedImages");
        properties.setProperty(key, value);
        attempt("fromProperties " + key, () -> PullGateConfig.fromProperties(properties));
      }
    }
    Properties unknownKey = new Properties();
    unknownKey.setProperty("pullgate." + Canary.withUserinfo("host"), "1");
    attempt("fromProperties unknown key", () -> PullGateConfig.fromProperties(unknownKey));
    Path file = dir.resolve("pullgate.properties");
    Files.writeString(
        file,
        "pullgate.policy=NeverVerifyAllowlistedImages\n"
            + "pullgate.policy.allowlist="
            + Canary.withUserinfo("registry.example/x")
            + "\n");
    attempt("fromFile", () -> PullGateConfig.fromFile(file, new Properties()));
    attempt(
        "builder allowlist",
        () ->
            PullGateConfig.builder()
                .policy(VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES)
                .allowlist(List.of("registry.example/", Canary.withUserinfo("registry.example/")))
                .build());
    attempt("auth field of the password", () -> RegistryAuth.fromAuthField(Canary.PASSWORD, ""));
    attempt(
        "auth field without a colon",
        () -> RegistryAuth.fromAuthField(Canary.AUTH_FIELD.replace("=", "") + "x", ""));
    attempt("hash from the password", () -> CredentialHash.fromHex(Canary.PASSWORD));
    attempt(
        "secret with the canary as namespace",
        () -> SecretCredential.of("u", Canary.USER_PASSWORD, "n", CredentialHash.EMPTY));
    assertNothingLeaked(keys.size() * values.size());
  }

  private PullGateConfig lmdb() {
    return PullGateConfig.builder().storePath(dir.resolve("store")).build();
  }

  private static SecretCredential secret(String uid, String name, RegistryAuth auth) {
    return SecretCredential.of(uid, "team-a", name, CredentialHash.of(auth));
  }

  /** Runs {@code call}, recording what it returns or throws. */
  private void attempt(String what, Supplier<?> call) {
    try {
      scan.value(what + " result", call.get());
    } catch (RuntimeException | Error e) {
      scan.thrown(what, e);
    }
  }

  private void attempt(String what, Runnable call) {
    attempt(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  private void scanRecord(PulledRecord record) {
    scan.value("record", record);
    record
        .credentialMapping()
        .forEach(
            (name, set) -> {
              scan.value("credential set", set);
              set.secrets().forEach(s -> scan.value("stored secret", s));
            });
  }

  private void assertNothingLeaked(int atLeast) {
    logs.scanInto(scan);
    if (Files.isDirectory(dir.resolve("store"))) {
      scan.files(dir.resolve("store"));
    }
    assertThat(scan.looked()).isGreaterThanOrEqualTo(atLeast);
    scan.assertNoCanary();
  }

  private static PodCredentials lookup(
      Supplier<List<SecretCredential>> secrets,
      Supplier<Optional<ServiceAccountCoordinates>> account) {
    return new PodCredentials() {
      @Override
      public List<SecretCredential> secrets() {
        return secrets.get();
      }

      @Override
      public Optional<ServiceAccountCoordinates> serviceAccount() {
        return account.get();
      }
    };
  }

  private static <T> T throwIt(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) t;
  }
}
