package dev.pullgate;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.image.ImageName;
import dev.pullgate.record.RecordProbe;
import dev.pullgate.store.PullRecordStore.RecordReader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One thread's reusable state for its decisions: the parsed image, the record probe, the pod's
 * credentials once known, and what reading the record found. Reusing it is what lets a decision
 * allocate nothing.
 */
final class DecisionContext {
  /** Reads a record into the context that {@link Decider} passes through the store. */
  static final RecordReader<DecisionContext, Void> READ =
      (context, stored, inPlace) -> {
        context.read(stored, inPlace);
        return null;
      };

  final ImageName.Cursor image = new ImageName.Cursor();
  final RecordProbe probe = new RecordProbe();

  List<SecretCredential> secrets;
  ServiceAccountCoordinates account;
  boolean credentialsKnown;
  long notAcceptedBefore;
  UnaryOperator<CredentialHash> storedForm;

  boolean present;
  boolean pulledByNode;
  int entry;
  int match;
  int matchedSecret;
  long matchedAcceptedAt;

  /** Starts a decision: nothing known yet. */
  void reset(long notAcceptedBefore, UnaryOperator<CredentialHash> storedForm) {
    this.secrets = null;
    this.account = null;
    this.credentialsKnown = false;
    this.notAcceptedBefore = notAcceptedBefore;
    this.storedForm = storedForm;
    clearFindings();
  }

  /** Makes the pod's credentials known, so that reading a record also matches them. */
  void credentials(List<SecretCredential> secrets, ServiceAccountCoordinates account) {
    this.secrets = secrets;
    this.account = account;
    this.credentialsKnown = true;
  }

  /** Forgets the pod's credentials, which callers must not keep after their decision. */
  void release() {
    secrets = null;
    account = null;
  }

  private void clearFindings() {
    present = false;
    pulledByNode = false;
    entry = RecordProbe.NO_ENTRY;
    match = RecordProbe.NO_MATCH;
    matchedSecret = -1;
    matchedAcceptedAt = 0;
  }

  private void read(ByteBuffer stored, boolean inPlace) {
    clearFindings();
    if (stored == null) {
      return;
    }
    probe.open(stored, inPlace);
    present = true;
    pulledByNode = probe.pulledByNode();
    entry = probe.findEntry(image);
    if (entry == RecordProbe.CREDENTIALS && credentialsKnown) {
      match = probe.match(secrets, account, notAcceptedBefore, storedForm);
      matchedSecret = probe.matchedSecret();
      matchedAcceptedAt = probe.matchedAcceptedAtMillis();
    }
  }
}
