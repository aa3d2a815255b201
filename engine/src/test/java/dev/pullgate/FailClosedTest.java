package dev.pullgate;

import static dev.pullgate.DecisionReason.CREDENTIAL_LOOKUP_ERROR;
import static dev.pullgate.DecisionReason.INVALID_INPUT;
import static dev.pullgate.DecisionReason.NODE_ACCESSIBLE;
import static dev.pullgate.DecisionReason.NO_MAPPING;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.POLICY_ALLOWED;
import static dev.pullgate.DecisionReason.SECRET_HASH_MATCH;
import static dev.pullgate.DecisionReason.STORE_ERROR;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.store.FaultyPullRecordStore;
import dev.pullgate.store.ForwardingPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error on the decision path means "attempt the pull", with the reason that names it: a
 * decision never throws, whatever the store, the caller's credential lookup or the input do.
 */
class FailClosedTest {
  static final String IMAGE = DecisionTableTest.IMAGE;
  static final String REF = DecisionTableTest.REF;
  static final SecretCredential A = secret("team-a", "regcred", 1);

  @Test
  void decision_storeReadFails_pullsWithStoreErrorEvenUnderNeverVerify() {
    FaultyPullRecordStore store = new FaultyPullRecordStore();
    PullGateConfig config =
        PullGateConfig.builder().policy(VerificationPolicy.NEVER_VERIFY).build();
    try (PullGate gate = PullGate.open(config, store, new TestClock())) {
      store.failReads(true);
      PullDecision decision = gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.none());
      assertThat(decision.mustAttemptPull()).isTrue();
      assertThat(decision.reason()).isEqualTo(STORE_ERROR);
      assertThat(gate.metrics().decisions(STORE_ERROR)).isOne();
    }
  }

  static Stream<Arguments> brokenLookups() {
    return Stream.of(
        broken("secrets() throws", () -> throwing(new IllegalStateException("password=hunter2"))),
        broken("secrets() throws an Error", () -> throwing(new StackOverflowError())),
        broken("secrets() returns null", () -> null),
        broken("the secret list holds null", () -> Arrays.asList(A, null)),
        broken(
            "the secret list's size() throws",
            () ->
                new AbstractList<SecretCredential>() {
                  @Override
                  public SecretCredential get(int index) {
                    return A;
                  }

                  @Override
                  public int size() {
                    throw new UnsupportedOperationException("size");
                  }
                }),
        broken(
            "the secret list's get() throws",
            () ->
                new AbstractList<SecretCredential>() {
                  @Override
                  public SecretCredential get(int index) {
                    throw new IndexOutOfBoundsException(index);
                  }

                  @Override
                  public int size() {
                    return 1;
                  }
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenLookups")
  void decision_brokenCredentialLookup_pullsWithCredentialLookupError(
      String description, Supplier<List<SecretCredential>> secrets) {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      DecisionTableTest.pulledWith(A).accept(gate);
      PodCredentials pod = lookup(secrets, () -> Optional.empty());
      PullDecision decision = gate.mustAttemptImagePull(IMAGE, REF, pod);
      assertThat(decision.reason()).as(description).isEqualTo(CREDENTIAL_LOOKUP_ERROR);
      assertThat(decision.mustAttemptPull()).isTrue();
      assertThat(gate.metrics().decisions(CREDENTIAL_LOOKUP_ERROR)).isOne();
    }
  }

  @Test
  void decision_serviceAccountLookupReturnsNull_pullsWithCredentialLookupError() {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      DecisionTableTest.pulledWith(A).accept(gate);
      PodCredentials pod = lookup(() -> List.of(A), () -> null);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason())
          .isEqualTo(CREDENTIAL_LOOKUP_ERROR);
    }
  }

  @Test
  void decision_lookedUpCredentialsThatMatch_grant() {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      DecisionTableTest.pulledWith(A).accept(gate);
      // The same lookup shape as the broken ones, working: the rows above fail for their fault.
      PodCredentials pod = lookup(() -> new ArrayList<>(List.of(A)), () -> Optional.empty());
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason()).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  @Test
  void decision_nullArguments_areInvalidInput() {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, null).reason()).isEqualTo(INVALID_INPUT);
      assertThat(gate.mustAttemptImagePull(null, REF, PodCredentials.none()).reason())
          .isEqualTo(INVALID_INPUT);
      assertThat(gate.mustAttemptImagePull(IMAGE, null, PodCredentials.none()).reason())
          .isEqualTo(INVALID_INPUT);
    }
  }

  static Stream<Arguments> veryLongImages() {
    int n = 100_000;
    return Stream.of(
        longImage("one path component", "a".repeat(n), INVALID_INPUT),
        longImage("many path components", "a/".repeat(n / 2) + "a", INVALID_INPUT),
        longImage("dashes", "a-".repeat(n / 2) + "a", INVALID_INPUT),
        longImage("double underscores", "a__".repeat(n / 3) + "a", INVALID_INPUT),
        longImage("long path", "registry.example/" + "a".repeat(n), INVALID_INPUT),
        longImage("long tag", "nginx:" + "t".repeat(n), INVALID_INPUT),
        longImage("long digest", "nginx@sha256:" + "a".repeat(n), INVALID_INPUT),
        longImage("tag and long digest", "nginx:1.25@sha256:" + "0".repeat(n), INVALID_INPUT),
        longImage("at signs", "@".repeat(n), INVALID_INPUT),
        longImage("colons", ":".repeat(n), INVALID_INPUT),
        longImage("slashes", "/".repeat(n), INVALID_INPUT),
        longImage(
            "bad character at the end", "a".repeat(200) + "/" + "b".repeat(n) + "!", INVALID_INPUT),
        // Only the path is limited (to 255 characters), as upstream: a long domain is valid, and
        // the record of REF has no entry for it.
        longImage("long domain", "a.".repeat(n / 2) + "a/b", NO_MAPPING),
        longImage("long port", "registry.example:" + "5".repeat(n) + "/a", NO_MAPPING),
        longImage("long IPv6 literal", "[" + "1:".repeat(n / 2) + "]/a", NO_MAPPING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("veryLongImages")
  void decision_veryLongImageOnASmallStack_neverThrows(
      String description, String image, DecisionReason expected) throws InterruptedException {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      DecisionTableTest.pulledWith(A).accept(gate);
      AtomicReference<Object> outcome = new AtomicReference<>();
      Thread small =
          new Thread(
              null,
              () -> {
                try {
                  outcome.set(
                      List.of(
                          gate.mustAttemptImagePull(image, REF, PodCredentials.of(List.of(A), null))
                              .reason(),
                          gate.mustAttemptImagePull(IMAGE, image, PodCredentials.none()).reason()));
                } catch (Throwable e) {
                  outcome.set(e);
                }
              },
              "small-stack",
              256 * 1024);
      small.start();
      small.join();
      // As an imageRef, every one of them is too long (over 4096 bytes).
      assertThat(outcome.get()).as(description).isEqualTo(List.of(expected, INVALID_INPUT));
      assertThat(gate.metrics().decisions(STORE_ERROR)).isZero();
    }
  }

  private static Arguments longImage(String description, String image, DecisionReason expected) {
    return Arguments.of(description, image, expected);
  }

  static Stream<Arguments> storeErrors() {
    return Stream.of(
        Arguments.of(new InternalError("injected")),
        Arguments.of(new StackOverflowError()),
        Arguments.of(new IllegalStateException("injected")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storeErrors")
  void decision_storeReadThrowsAnything_pullsWithStoreError(Throwable failure) {
    ThrowingStore store = new ThrowingStore();
    try (PullGate gate = PullGate.open(PullGateConfig.defaults(), store, new TestClock())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      store.readFailure = failure;
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(A), null)))
          .isEqualTo(PullDecision.of(STORE_ERROR));
      store.readFailure = null;
      store.intentFailure = failure;
      // No record for this imageRef, so the decision asks for an intent, and that read fails.
      assertThat(gate.mustAttemptImagePull(IMAGE, "sha256:other", PodCredentials.none()))
          .isEqualTo(PullDecision.of(STORE_ERROR));
      store.intentFailure = null;
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(A), null)))
          .isEqualTo(PullDecision.of(SECRET_HASH_MATCH));
      assertThat(gate.metrics().decisions(STORE_ERROR)).isEqualTo(2);
    }
  }

  @Test
  void decision_storeKnownDamaged_failsClosedOnlyWhereItRestsOnAbsence() {
    FaultyPullRecordStore store = new FaultyPullRecordStore();
    String nodeAccessibleRef = "sha256:" + "e".repeat(64);
    String unknownRef = "sha256:" + "f".repeat(64);
    try (PullGate gate = PullGate.open(PullGateConfig.defaults(), store, new TestClock())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      gate.recordImagePulled(IMAGE, nodeAccessibleRef, PullCredentials.nodePodsAccessible());
      PodCredentials teamA = PodCredentials.of(List.of(A), null);
      assertThat(gate.mustAttemptImagePull(IMAGE, unknownRef, teamA).reason())
          .isEqualTo(POLICY_ALLOWED);

      store.knownDamaged(true);
      assertThat(gate.metrics().storeDamaged()).isTrue();
      // Absence: a missing record may be a lost one.
      assertThat(gate.mustAttemptImagePull(IMAGE, unknownRef, teamA).reason())
          .isEqualTo(STORE_ERROR);
      assertThat(
              gate.mustAttemptImagePull("busybox:1.36", unknownRef, PodCredentials.none()).reason())
          .isEqualTo(STORE_ERROR);
      // A record present: the decision rests on it, not on absence.
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, teamA).reason())
          .isEqualTo(SECRET_HASH_MATCH);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.none()).reason())
          .isEqualTo(NO_MATCHING_CREDENTIALS);
      assertThat(
              gate.mustAttemptImagePull(IMAGE, nodeAccessibleRef, PodCredentials.none()).reason())
          .isEqualTo(NODE_ACCESSIBLE);
      assertThat(gate.metrics().storeErrors()).isEqualTo(2);
    }
  }

  @Test
  void decision_credentialsAreAskedForOnlyWhenNeeded() {
    AtomicInteger asked = new AtomicInteger();
    PodCredentials counting =
        lookup(
            () -> {
              asked.incrementAndGet();
              return List.of(A);
            },
            Optional::empty);
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, counting).reason())
          .isEqualTo(POLICY_ALLOWED);
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.nodePodsAccessible());
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, counting).reason())
          .isEqualTo(NODE_ACCESSIBLE);
      assertThat(asked).hasValue(0);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = VerificationPolicy.class,
      names = {"NEVER_VERIFY", "NEVER_VERIFY_ALLOWLISTED_IMAGES"})
  void decision_policyNeedsNoVerification_neverAsksForCredentials(VerificationPolicy policy) {
    AtomicInteger asked = new AtomicInteger();
    PodCredentials failing =
        lookup(
            () -> {
              asked.incrementAndGet();
              throw new IllegalStateException("the pod's secrets could not be read");
            },
            Optional::empty);
    PullGateConfig config =
        PullGateConfig.builder()
            .policy(policy)
            .allowlist(
                policy == VerificationPolicy.NEVER_VERIFY
                    ? List.of()
                    : List.of("registry.example/team/*"))
            .build();
    try (PullGate gate = DecisionTableTest.openGate(config)) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      // The record holds credentials for the image, but the policy lets every pod use it: the
      // spec asks for the pod's credentials only to match them (step 8, after the policy).
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, failing).reason()).isEqualTo(POLICY_ALLOWED);
      assertThat(asked).hasValue(0);
    }
  }

  @Test
  void decision_mergeWriteFails_stillGrantsTheMatch() {
    FaultyPullRecordStore store = new FaultyPullRecordStore();
    try (PullGate gate = PullGate.open(PullGateConfig.defaults(), store, new TestClock())) {
      DecisionTableTest.pulledWith(A).accept(gate);
      store.failWrites(true);
      SecretCredential copy = SecretCredential.of("uid-copy", "team-b", "copy", A.hash());
      PodCredentials pod = PodCredentials.of(List.of(copy), null);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason()).isEqualTo(SECRET_HASH_MATCH);
      gate.flush();
      assertThat(gate.metrics().storeErrors()).isOne();
      store.failWrites(false);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).reason()).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  private static Arguments broken(String description, Supplier<List<SecretCredential>> secrets) {
    return Arguments.of(description, secrets);
  }

  private static List<SecretCredential> throwing(Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    throw (RuntimeException) e;
  }

  /** Pod credentials that the caller looks up on demand (not {@link PodCredentials.Fixed}). */
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

  /** An in-memory store whose record or intent reads throw whatever the test sets. */
  static final class ThrowingStore extends ForwardingPullRecordStore {
    volatile Throwable readFailure;
    volatile Throwable intentFailure;

    ThrowingStore() {
      super(PullRecordStore.inMemory());
    }

    @Override
    public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
      fail(readFailure);
      return super.readRecord(imageRef, context, reader);
    }

    @Override
    public boolean pullIntentExists(String reference) {
      fail(intentFailure);
      return super.pullIntentExists(reference);
    }

    private static void fail(Throwable failure) {
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      }
    }
  }
}
