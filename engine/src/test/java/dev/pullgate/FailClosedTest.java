package dev.pullgate;

import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.store.FaultyPullRecordStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every error on the decision path means "attempt the pull", with the reason that names it. */
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
      assertThat(decision.reason()).isEqualTo(DecisionReason.STORE_ERROR);
      assertThat(gate.metrics().decisions(DecisionReason.STORE_ERROR)).isOne();
    }
  }

  @Test
  void decision_credentialLookupThrows_pullsWithCredentialLookupError() {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      DecisionTableTest.pulledWith(A).accept(gate);
      PodCredentials throwing =
          new PodCredentials() {
            @Override
            public List<SecretCredential> secrets() {
              throw new IllegalStateException("secret password=hunter2 unavailable");
            }

            @Override
            public Optional<ServiceAccountCoordinates> serviceAccount() {
              return Optional.empty();
            }
          };
      PullDecision decision = gate.mustAttemptImagePull(IMAGE, REF, throwing);
      assertThat(decision.reason()).isEqualTo(DecisionReason.CREDENTIAL_LOOKUP_ERROR);
      assertThat(decision.mustAttemptPull()).isTrue();
    }
  }

  @Test
  void decision_credentialLookupReturnsNull_pullsWithCredentialLookupError() {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      DecisionTableTest.pulledWith(A).accept(gate);
      PodCredentials broken =
          new PodCredentials() {
            @Override
            public List<SecretCredential> secrets() {
              return null;
            }

            @Override
            public Optional<ServiceAccountCoordinates> serviceAccount() {
              return Optional.empty();
            }
          };
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, broken).reason())
          .isEqualTo(DecisionReason.CREDENTIAL_LOOKUP_ERROR);
    }
  }

  @Test
  void decision_nullPodCredentials_isInvalidInput() {
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, null).reason())
          .isEqualTo(DecisionReason.INVALID_INPUT);
      assertThat(gate.mustAttemptImagePull(null, REF, PodCredentials.none()).reason())
          .isEqualTo(DecisionReason.INVALID_INPUT);
      assertThat(gate.mustAttemptImagePull(IMAGE, null, PodCredentials.none()).reason())
          .isEqualTo(DecisionReason.INVALID_INPUT);
    }
  }

  @Test
  void decision_credentialsAreAskedForOnlyWhenNeeded() {
    AtomicInteger asked = new AtomicInteger();
    PodCredentials counting =
        new PodCredentials() {
          @Override
          public List<SecretCredential> secrets() {
            asked.incrementAndGet();
            return List.of(A);
          }

          @Override
          public Optional<ServiceAccountCoordinates> serviceAccount() {
            return Optional.empty();
          }
        };
    try (PullGate gate = DecisionTableTest.openGate(PullGateConfig.defaults())) {
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, counting).reason())
          .isEqualTo(DecisionReason.POLICY_ALLOWED);
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.nodePodsAccessible());
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, counting).reason())
          .isEqualTo(DecisionReason.NODE_ACCESSIBLE);
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
      assertThat(
              gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null))
                  .reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
    }
  }
}
