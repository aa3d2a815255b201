package dev.pullgate;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.FaultyPullRecordStore;
import dev.pullgate.store.ForwardingPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The record lifecycle of ENGINE-SPEC §5 and the merges that decisions trigger. */
class LifecycleTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "4".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);

  private final TestClock clock = new TestClock();
  private final FaultyPullRecordStore store = new FaultyPullRecordStore();
  private final OutlivingStore outliving = new OutlivingStore(store);

  private PullGate open(PullGateConfig config) {
    return PullGate.open(config, outliving, clock);
  }

  private static List<SecretCredential> secrets(PullGate gate) {
    return gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secrets().stream()
        .map(CredentialSet.Secret::credential)
        .toList();
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
  void importRecords_recordWithANameThatIsNoImage_isRefusedWithoutQuotingIt_andWritesNothing() {
    PulledRecord good = new PulledRecord(REF, T0, java.util.Map.of(NAME, CredentialSet.empty()));
    String pasted = "robot:hunter2@registry.example/team/app";
    List<PulledRecord> withPastedName =
        List.of(
            new PulledRecord(
                "sha256:" + "5".repeat(64), T0, java.util.Map.of(pasted, CredentialSet.empty())));
    List<PulledRecord> withPastedPreloaded =
        List.of(PulledRecord.preloaded("sha256:" + "6".repeat(64), T0, List.of(pasted)));
    try (PullGate gate = open(PullGateConfig.defaults())) {
      for (List<PulledRecord> bad : List.of(withPastedName, withPastedPreloaded)) {
        List<PulledRecord> records = new ArrayList<>(bad);
        records.add(0, good);
        assertThatThrownBy(() -> gate.importRecords(records, List.of(IMAGE)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("image name that is not a valid image reference")
            .hasMessageNotContaining("hunter2");
      }
      assertThat(gate.metrics().storedRecords()).isZero();
      assertThat(gate.pullIntentExists(IMAGE)).isFalse();
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
      assertThat(store.writes() + store.deferredWrites()).isZero();
      assertThat(store.underneath().pulledRecordCount()).isZero();
    }
  }

  @Test
  void pulled_sameCredentialsAtTheSameTime_writesNoRecordAndKeepsTheTime() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      assertThat(outliving.recordChanges()).isOne();
      assertThat(gate.pulledRecord(REF).orElseThrow().lastUpdated()).isEqualTo(T0);
    }
  }

  @Test
  void pulled_unknownProvenanceOverARecord_writesNoRecordAndKeepsTheTime() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      PulledRecord before = gate.pulledRecord(REF).orElseThrow();
      clock.advance(Duration.ofHours(1));
      gate.recordImagePulled(IMAGE, REF, null);
      assertThat(outliving.recordChanges()).isOne();
      assertThat(gate.pulledRecord(REF)).contains(before);
    }
  }

  @Test
  void pulled_sameCredentialsLater_renewsTheirAcceptanceAndRewritesTheRecord() {
    // Every pull proves its credentials again, so a later one is never "nothing changed".
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      clock.advance(Duration.ofHours(1));
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      assertThat(outliving.recordChanges()).isEqualTo(2);
      PulledRecord record = gate.pulledRecord(REF).orElseThrow();
      assertThat(record.lastUpdated()).isEqualTo(T0.plus(Duration.ofHours(1)));
      assertThat(record.credentialsFor(NAME).secrets())
          .containsExactly(CredentialSet.Secret.of(A, T0.plus(Duration.ofHours(1))));
    }
  }

  @Test
  void decision_hashMatchWithNewCoordinates_isMergedInTheBackgroundWithTheMatchedTime() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      clock.advance(Duration.ofHours(1));
      SecretCredential copy = SecretCredential.of("uid-copy", "team-b", "copy", A.hash());
      assertThat(
              gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null))
                  .reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
      gate.flush();
      assertThat(store.deferredWrites()).isOne();
      PulledRecord record = gate.pulledRecord(REF).orElseThrow();
      assertThat(record.credentialsFor(NAME).secretAt(copy.coordinates()))
          .isEqualTo(CredentialSet.Secret.of(copy, T0));
      assertThat(record.lastUpdated()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }
  }

  @Test
  void decision_hashMatchWithKnownCoordinates_mergesNothing() {
    try (PullGate gate = open(PullGateConfig.defaults())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      assertThat(
              gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(A), null)).reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
      gate.flush();
      assertThat(store.deferredWrites()).isZero();
      assertThat(outliving.recordChanges()).isOne();
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
      gate.flush();
      assertThat(secrets(gate)).containsExactly(rotated);
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
      gate.flush();
      assertThat(secrets(gate)).containsExactlyInAnyOrder(A, copies.get(0), copies.get(1));
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

  /**
   * Under the cache, a record may be missing from the listing (another prune's delete is queued)
   * while hits still return it; a prune that returned without it let decisions grant on it after.
   */
  @Test
  void prune_alsoChecksRecordsBeingWritten_thatTheListingNoLongerShows() {
    String hidden = "sha256:" + "9".repeat(64);
    PullRecordStore listingMissesIt =
        new ForwardingPullRecordStore(outliving) {
          @Override
          public void forEachRecord(Consumer<PulledRecord> visitor) {
            super.forEachRecord(
                record -> {
                  if (!record.imageRef().equals(hidden)) {
                    visitor.accept(record);
                  }
                });
          }

          @Override
          public Set<String> imageRefsBeingWritten() {
            return Set.of(hidden);
          }
        };
    try (PullGate gate = PullGate.open(PullGateConfig.defaults(), listingMissesIt, clock)) {
      gate.recordImagePulled(IMAGE, hidden, PullCredentials.secret(A));

      assertThat(gate.pruneUnknownRecords(Set.of(), T0.plus(Duration.ofDays(1)))).isOne();
      assertThat(gate.pulledRecord(hidden)).isEmpty();
    }
  }

  @Test
  void close_appliesEveryMergeThatDecisionsHandedOver() {
    PullGate gate = open(PullGateConfig.defaults());
    gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    SecretCredential copy = SecretCredential.of("uid-copy", "team-b", "copy", A.hash());
    gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null));
    gate.close();
    assertThat(outliving.closed).isTrue();
    assertThat(store.underneath().pulledRecord(REF).orElseThrow().credentialsFor(NAME).secrets())
        .extracting(CredentialSet.Secret::credential)
        .containsExactlyInAnyOrder(A, copy);
  }

  /**
   * Forwards everything but {@code close()}, which it only notes, so that a test can read what a
   * closed engine left in the store; counts the record changes of the updates it passes on.
   */
  static final class OutlivingStore extends ForwardingPullRecordStore {
    private final AtomicInteger recordChanges = new AtomicInteger();
    volatile boolean closed;

    OutlivingStore(PullRecordStore delegate) {
      super(delegate);
    }

    /** How many record puts and deletes the updates passed on so far held. */
    int recordChanges() {
      return recordChanges.get();
    }

    @Override
    public void write(Update update) {
      super.write(update);
      count(update);
    }

    @Override
    public void writeDeferred(Update update) {
      super.writeDeferred(update);
      count(update);
    }

    @Override
    public void close() {
      closed = true;
    }

    private void count(Update update) {
      recordChanges.addAndGet((int) update.changes().stream().filter(Change::isRecord).count());
    }
  }
}
