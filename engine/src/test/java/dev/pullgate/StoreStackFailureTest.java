package dev.pullgate;

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
import dev.pullgate.store.PullRecordStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine over a cache over write-behind when writes fail: a record call that returns has its
 * record durable.
 */
class StoreStackFailureTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";

  /** IMAGE's normalised reference, which keys its intent; written out in full, it is the same. */
  static final String REFERENCE = IMAGE;

  static final String REF = "sha256:" + "5".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);
  static final SecretCredential COPY = SecretCredential.of("uid-copy", "team-b", "copy", A.hash());

  @Test
  void pullRecorded_whenTheRecordAlreadyShowsAnUncommittedMerge_commitsItOrThrows() {
    FaultyPullRecordStore faulty = new FaultyPullRecordStore();
    PullGate gate = openOver(faulty);
    gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    faulty.failWrites(true);
    assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(COPY), null)))
        .isEqualTo(PullDecision.of(DecisionReason.SECRET_HASH_MATCH));
    // The merge runs in the background; flush waits for it, then fails to commit it.
    assertThatThrownBy(gate::flush).isInstanceOf(StoreException.class);
    assertThat(secrets(gate.pulledRecord(REF))).containsExactlyInAnyOrder(A, COPY);

    assertThatThrownBy(() -> gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(COPY)))
        .isInstanceOf(StoreException.class);
    assertThat(secrets(faulty.underneath().pulledRecord(REF))).containsExactly(A);

    faulty.failWrites(false);
    gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(COPY));
    assertThat(secrets(faulty.underneath().pulledRecord(REF))).containsExactlyInAnyOrder(A, COPY);
    gate.close();
  }

  @Test
  void pullRecorded_afterItsOwnFailedWrite_isNotAcknowledgedUntilTheStoreHasIt() {
    FaultyPullRecordStore faulty = new FaultyPullRecordStore();
    PullGate gate = openOver(faulty);
    faulty.failWrites(true);
    assertThatThrownBy(() -> gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A)))
        .isInstanceOf(StoreException.class);
    assertThat(faulty.underneath().pulledRecord(REF)).isEmpty();

    faulty.failWrites(false);
    gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    assertThat(faulty.underneath().pulledRecord(REF)).isPresent();
    gate.close();
  }

  @Test
  void reconcile_keepsTheIntentUntilTheRecordStandingInForItIsDurable() {
    FaultyPullRecordStore faulty = new FaultyPullRecordStore();
    PullGate gate = openOver(faulty);
    gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    gate.recordPullIntent(IMAGE);
    faulty.failRecordWrites(true);
    gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(COPY), null));
    assertThatThrownBy(gate::flush).isInstanceOf(StoreException.class);
    List<RuntimeImage> runtime = List.of(new RuntimeImage(REF, List.of(IMAGE), List.of()));

    assertThatThrownBy(() -> gate.reconcile(runtime)).isInstanceOf(StoreException.class);
    assertThat(faulty.underneath().pullIntentExists(REFERENCE)).isTrue();

    faulty.failRecordWrites(false);
    // The failed commit stays pending in write-behind and is retried with the next one, so the
    // intent reads as converted already; underneath, it goes in the commit that holds the record.
    assertThat(gate.reconcile(runtime)).isZero();
    gate.flush();
    assertThat(faulty.underneath().pullIntentExists(REFERENCE)).isFalse();
    assertThat(secrets(faulty.underneath().pulledRecord(REF))).containsExactlyInAnyOrder(A, COPY);
    gate.close();
  }

  /** An engine over the cache over write-behind over {@code faulty}, as the default stack is. */
  private static PullGate openOver(FaultyPullRecordStore faulty) {
    return PullGate.open(
        PullGateConfig.defaults(),
        PullRecordStore.cached(PullRecordStore.writeBehind(faulty), 16, 16),
        new TestClock());
  }

  private static List<SecretCredential> secrets(Optional<PulledRecord> record) {
    return record.orElseThrow().credentialsFor(NAME).secrets().stream()
        .map(CredentialSet.Secret::credential)
        .toList();
  }
}
