package dev.pullgate;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.ForwardingPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An import replaces records while other calls read, merge and write them: it must take the same
 * record locks they take, or a merge that read a record before the import wrote it puts the old
 * record back over the imported one, and an acknowledged import is lost (with the credentials it
 * took away granting again).
 */
class ImportRaceTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "5".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);
  static final SecretCredential B = secret("team-b", "regcred", 2);

  @Test
  void importRecords_waitsForAMergeThatReadTheRecord_andIsNotOverwrittenByIt() throws Exception {
    PausingStore store = new PausingStore(PullRecordStore.inMemory());
    try (PullGate gate = PullGate.open(PullGateConfig.defaults(), store, new TestClock())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      // A pod holding A's credentials under other coordinates: the merge worker reads the record
      // to add them, and pauses right after its read.
      SecretCredential copy = SecretCredential.of("uid-copy", "team-c", "copy", A.hash());
      gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(copy), null));
      store.mergeHasRead.await();

      PulledRecord imported =
          new PulledRecord(
              REF,
              T0,
              Map.of(NAME, CredentialSet.of(List.of(CredentialSet.Secret.of(B, T0)), List.of())));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread importer =
          new Thread(
              () -> {
                try {
                  gate.importRecords(List.of(imported), List.of());
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      importer.start();
      // The importer either finishes (it did not wait for the merge) or parks on the record's
      // lock; only then may the merge go on.
      while (importer.getState() != Thread.State.WAITING
          && importer.getState() != Thread.State.TERMINATED) {
        Thread.onSpinWait();
      }
      store.mergeMayWrite.countDown();
      importer.join();
      assertThat(failure.get()).isNull();
      gate.flush();

      assertThat(gate.pulledRecord(REF)).contains(imported);
    }
  }

  @Test
  void mergeQueuedBeforeAnImport_learnsNothingTheImportedRecordNoLongerHolds() throws Exception {
    PausingStore store = new PausingStore(PullRecordStore.inMemory());
    String otherRef = "sha256:" + "6".repeat(64);
    try (PullGate gate = PullGate.open(PullGateConfig.defaults(), store, new TestClock())) {
      gate.recordImagePulled(IMAGE, otherRef, PullCredentials.secret(A));
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      SecretCredential copy = SecretCredential.of("uid-copy", "team-c", "copy", A.hash());
      PodCredentials pod = PodCredentials.of(List.of(copy), null);
      // The merge worker takes the first merge (on the other record) and pauses; the second one,
      // on REF, waits in its queue while an import replaces REF's record.
      gate.mustAttemptImagePull(IMAGE, otherRef, pod);
      store.mergeHasRead.await();
      gate.mustAttemptImagePull(IMAGE, REF, pod);
      PulledRecord imported =
          new PulledRecord(
              REF,
              T0,
              Map.of(NAME, CredentialSet.of(List.of(CredentialSet.Secret.of(B, T0)), List.of())));
      gate.importRecords(List.of(imported), List.of());
      store.mergeMayWrite.countDown();
      gate.flush();

      // A's credentials matched the record the decision read; the imported one no longer holds
      // them, so the copy's coordinates must not come in with them.
      assertThat(gate.pulledRecord(REF)).contains(imported);
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, pod).mustAttemptPull()).isTrue();
    }
  }

  /** A store whose merge worker stops after its first read until the test lets it go on. */
  private static final class PausingStore extends ForwardingPullRecordStore {
    final CountDownLatch mergeHasRead = new CountDownLatch(1);
    final CountDownLatch mergeMayWrite = new CountDownLatch(1);

    PausingStore(PullRecordStore delegate) {
      super(delegate);
    }

    @Override
    public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
      R read = super.readRecord(imageRef, context, reader);
      if (Thread.currentThread().getName().equals("pullgate-merges")
          && mergeHasRead.getCount() > 0) {
        mergeHasRead.countDown();
        try {
          mergeMayWrite.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return read;
    }
  }
}
