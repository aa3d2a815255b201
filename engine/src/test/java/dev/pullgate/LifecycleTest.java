package dev.pullgate;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.FaultyPullRecordStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The record lifecycle of ENGINE-SPEC §5 and the merges that decisions trigger. */
class LifecycleTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "4".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);

  private final TestClock clock = new TestClock();
  private final FaultyPullRecordStore store = new FaultyPullRecordStore();

  private PullGate open(PullGateConfig config) {
    return PullGate.open(config, store, clock);
  }

  @Test
  void intent_storedBeforePullAndDeletedAfter() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordPullIntent(IMAGE);
      assertThat(gate.pullIntentExists(IMAGE)).isTrue();
      assertThat(gate.metrics().inFlightPulls()).isOne();
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      assertThat(gate.pullIntentExists(IMAGE)).isFalse();
      assertThat(gate.metrics().inFlightPulls()).isZero();
      assertThat(gate.metrics().storedRecords()).isOne();
    }
  }

  @Test
  void intent_twoPullsInFlight_lastOneDeletesTheStoredIntent() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordPullIntent(IMAGE);
      gate.recordPullIntent(IMAGE);
      gate.recordImagePullFailed(IMAGE);
      assertThat(gate.pullIntentExists(IMAGE)).isTrue();
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.none()).reason())
          .isEqualTo(DecisionReason.NO_RECORD);
      gate.recordImagePullFailed(IMAGE);
      assertThat(gate.pullIntentExists(IMAGE)).isFalse();
    }
  }

  @Test
  void intent_storeFails_throwsAndCountsNothing() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      store.failWrites(true);
      assertThatThrownBy(() -> gate.recordPullIntent(IMAGE)).isInstanceOf(StoreException.class);
      assertThat(gate.metrics().inFlightPulls()).isZero();
    }
  }

  @Test
  void pulled_recordWriteFails_keepsTheIntentSoTheImageCountsAsPulledByTheNode() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordPullIntent(IMAGE);
      store.failWrites(true);
      assertThatThrownBy(() -> gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A)))
          .isInstanceOf(StoreException.class);
      store.failWrites(false);
      assertThat(gate.pullIntentExists(IMAGE)).isTrue();
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.none()).mustAttemptPull())
          .isTrue();
    }
  }

  @Test
  void pulled_invalidInput_throwsNamingTheFieldAndWritesNothing() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      assertThatThrownBy(() -> gate.recordImagePulled("UPPER/Case", REF, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("image");
      assertThatThrownBy(() -> gate.recordImagePulled(IMAGE, "has space", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("imageRef");
      SecretCredential incomplete = SecretCredential.of("", "ns", "name", A.hash());
      assertThatThrownBy(
              () -> gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(incomplete)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("credentials.secret");
      assertThatThrownBy(() -> gate.recordPullIntent(""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.recordWrites()).isZero();
      assertThat(store.delegate().pulledRecordCount()).isZero();
    }
  }

  @Test
  void pulled_sameCredentialsAgain_writesNothingAndKeepsTheTime() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      clock.advance(Duration.ofHours(1));
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      assertThat(store.recordWrites()).isOne();
      assertThat(gate.pulledRecord(REF).orElseThrow().lastUpdated()).isEqualTo(T0);
    }
  }

  @Test
  void decision_hashMatchWithNewCoordinates_isMergedAndVisibleToTheNextDecisionAtOnce() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      SecretCredential copy = SecretCredential.of("uid-copy", "team-b", "copy", A.hash());
      gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null));
      assertThat(store.deferredWrites()).isOne();
      assertThat(
              gate.pulledRecord(REF)
                  .orElseThrow()
                  .credentialsFor(NAME)
                  .secretAt(copy.coordinates()))
          .isEqualTo(copy);
    }
  }

  @Test
  void decision_rotatedSecret_usesAndStoresNewHash() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      SecretCredential rotated = secret("team-a", "regcred", 42);
      assertThat(
              gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(rotated), null))
                  .reason())
          .isEqualTo(DecisionReason.SECRET_COORDINATES_MATCH);
      assertThat(
              gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(rotated), null))
                  .reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
      SecretCredential stale = SecretCredential.of("uid-other", "team-z", "old", A.hash());
      assertThat(
              gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(stale), null))
                  .reason())
          .isEqualTo(DecisionReason.NO_MATCHING_CREDENTIALS);
    }
  }

  @Test
  void decision_mergesStopAtMaxSecretsPerImageButStillGrant() {
    PullGateConfig config = PullGateConfig.builder().maxSecretsPerImage(3).build();
    try (PullGate gate = open(config)) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      List<SecretCredential> copies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        SecretCredential copy = SecretCredential.of("uid-" + i, "ns-" + i, "copy", A.hash());
        copies.add(copy);
        assertThat(
                gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null))
                    .reason())
            .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
      }
      assertThat(gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secrets()).hasSize(3);
    }
  }

  @Test
  void reconcile_intentMatchingARuntimeImage_becomesARecordWithAnEmptyMapping() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordPullIntent(IMAGE);
      gate.recordPullIntent("registry.example/team/other:v1");
      gate.recordPullIntent("registry.example/team/digested@sha256:" + "a".repeat(64));
      int converted =
          gate.reconcile(
              List.of(
                  new RuntimeImage(REF, List.of(IMAGE), List.of()),
                  new RuntimeImage(
                      "sha256:" + "5".repeat(64),
                      List.of(),
                      List.of("registry.example/team/digested@sha256:" + "a".repeat(64)))));
      assertThat(converted).isEqualTo(2);
      assertThat(gate.pulledRecord(REF)).contains(PulledRecord.withoutCredentials(REF, T0));
      assertThat(gate.pulledRecord("sha256:" + "5".repeat(64))).isPresent();
      assertThat(gate.pullIntentExists(IMAGE)).isFalse();
      assertThat(gate.pullIntentExists("registry.example/team/other:v1")).isTrue();
    }
  }

  @Test
  void reconcile_existingRecord_isLeftAlone() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      PulledRecord before = gate.pulledRecord(REF).orElseThrow();
      gate.recordPullIntent(IMAGE);
      gate.reconcile(List.of(new RuntimeImage(REF, List.of(IMAGE), List.of())));
      assertThat(gate.pulledRecord(REF)).contains(before);
      assertThat(gate.pullIntentExists(IMAGE)).isFalse();
    }
  }

  @Test
  void prune_deletesOnlyUnkeptRecordsOlderThanUntil() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      String kept = "sha256:" + "6".repeat(64);
      String old = "sha256:" + "7".repeat(64);
      String recent = "sha256:" + "8".repeat(64);
      gate.recordImagePulled(IMAGE, kept, null);
      gate.recordImagePulled(IMAGE, old, null);
      clock.advance(Duration.ofDays(2));
      gate.recordImagePulled(IMAGE, recent, null);
      gate.recordPullIntent("registry.example/team/pending:v1");
      int pruned = gate.pruneUnknownRecords(Set.of(kept), T0.plus(Duration.ofDays(1)));
      assertThat(pruned).isOne();
      assertThat(gate.pulledRecord(old)).isEmpty();
      assertThat(gate.pulledRecord(kept)).isPresent();
      assertThat(gate.pulledRecord(recent)).isPresent();
      assertThat(gate.pullIntentExists("registry.example/team/pending:v1")).isTrue();
    }
  }

  @Test
  void close_leavesNothingUnapplied() {
    PullGate gate = open(PullGateConfig.defaults());
    gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    SecretCredential copy = SecretCredential.of("uid-copy", "team-b", "copy", A.hash());
    gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null));
    gate.close();
    assertThat(
            store
                .delegate()
                .reopen()
                .pulledRecord(REF)
                .orElseThrow()
                .credentialsFor(NAME)
                .secrets())
        .contains(copy);
  }
}
