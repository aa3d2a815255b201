package dev.pullgate.reliability;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One call of a reliability workload, as plain data: the reference model and the real engine each
 * apply it, and a failing sequence prints as the list of their {@link #toString()}s. Times are
 * offsets from the clock of the moment the operation runs, so that an operation means the same
 * wherever a shrunk sequence moves it.
 */
sealed interface Op {

  /** A pod secret or a stored secret: coordinates (fields may be empty) and kubelet hash hex. */
  record Sec(String uid, String namespace, String name, String hash) {
    @Override
    public String toString() {
      return namespace
          + "/"
          + name
          + "#"
          + uid
          + "="
          + (hash.isEmpty() ? "-" : hash.substring(0, 6));
    }
  }

  /** A service account's coordinates (fields may be empty). */
  record Acct(String uid, String namespace, String name) {
    @Override
    public String toString() {
      return "sa:" + namespace + "/" + name + "#" + uid;
    }
  }

  /**
   * What a pull proved: unknown ({@code null} in {@link Pulled}), node-wide, a secret, an account.
   */
  sealed interface Cred {}

  /** Anonymous or node-level credentials. */
  record NodeAccessible() implements Cred {
    @Override
    public String toString() {
      return "node-accessible";
    }
  }

  /** A pull secret. */
  record SecretCred(Sec secret) implements Cred {
    @Override
    public String toString() {
      return secret.toString();
    }
  }

  /** A service account token. */
  record AccountCred(Acct account) implements Cred {
    @Override
    public String toString() {
      return account.toString();
    }
  }

  /** How a decision gets the pod's credentials. */
  enum Lookup {
    /** Known in advance ({@code PodCredentials.of}). */
    FIXED,
    /** Asked for lazily; answers. */
    LAZY,
    /** Asked for lazily; throws. */
    THROWING
  }

  /** A pod's credentials for a decision. */
  record Pod(List<Sec> secrets, Acct account, Lookup lookup) {
    @Override
    public String toString() {
      return lookup.name().toLowerCase() + secrets + (account == null ? "" : " " + account);
    }
  }

  /** An image as the container runtime lists it. */
  record Runtime(String id, List<String> tags, List<String> digests) {
    @Override
    public String toString() {
      return brief(id) + tags + digests;
    }
  }

  /** A stored secret of an imported record, accepted {@code acceptedAgo} ms before the import. */
  record ImportedSecret(Sec secret, long acceptedAgo) {}

  /** A service account of an imported record, accepted {@code acceptedAgo} ms before the import. */
  record ImportedAccount(Acct account, long acceptedAgo) {}

  /** One image name's entry of an imported record. */
  record ImportedEntry(
      boolean nodeAccessible, List<ImportedSecret> secrets, List<ImportedAccount> accounts) {}

  /** A record to import, last updated {@code updatedAgo} ms before the import. */
  record ImportedRecord(
      String imageRef,
      long updatedAgo,
      boolean pulledByNode,
      Map<String, ImportedEntry> mapping,
      Set<String> preloaded) {
    @Override
    public String toString() {
      return brief(imageRef)
          + (pulledByNode ? " pulled" : " not-pulled")
          + " -"
          + updatedAgo
          + "ms "
          + mapping
          + (preloaded.isEmpty() ? "" : " preloaded" + preloaded);
    }
  }

  /** {@code recordPullIntent(image)}. */
  record PullIntent(String image) implements Op {}

  /** {@code recordImagePulled(image, imageRef, credentials)}; {@code cred} null for unknown. */
  record Pulled(String image, String imageRef, Cred cred) implements Op {
    @Override
    public String toString() {
      return "Pulled[" + image + ", " + brief(imageRef) + ", " + cred + "]";
    }
  }

  /** {@code recordImagePullFailed(image)}. */
  record PullFailed(String image) implements Op {}

  /** {@code mustAttemptImagePull(image, imageRef, pod)}. */
  record Decide(String image, String imageRef, Pod pod) implements Op {
    @Override
    public String toString() {
      return "Decide[" + image + ", " + brief(imageRef) + ", " + pod + "]";
    }
  }

  /** Decisions on distinct imageRefs, then {@code flush()}: the crash workload's merge batch. */
  record Burst(List<Decide> decisions) implements Op {}

  /** {@code reconcile(runtimeImages)}. */
  record Reconcile(List<Runtime> images) implements Op {}

  /** {@code recordPreloadedImages(runtimeImages)}. */
  record Preloaded(List<Runtime> images) implements Op {}

  /** {@code pruneUnknownRecords(keep, now + untilOffset)}. */
  record Prune(Set<String> keep, long untilOffset) implements Op {
    @Override
    public String toString() {
      return "Prune[keep="
          + keep.stream().map(Op::brief).collect(Collectors.toList())
          + ", until=now"
          + (untilOffset >= 0 ? "+" : "")
          + untilOffset
          + "ms]";
    }
  }

  /** {@code forgetSecret(uid)}. */
  record ForgetSecret(String uid) implements Op {}

  /** {@code forgetServiceAccount(uid)}. */
  record ForgetAccount(String uid) implements Op {}

  /** {@code forgetNamespace(namespace)}. */
  record ForgetNamespace(String namespace) implements Op {}

  /** {@code importRecords(records, images)}. */
  record Import(List<ImportedRecord> records, List<String> images) implements Op {
    @Override
    public String toString() {
      return records.size() > 4
          ? "Import[" + records.size() + " records, intents " + images + "]"
          : "Import[" + records + ", intents " + images + "]";
    }
  }

  /** Moves the test clock forward. */
  record Advance(long millis) implements Op {}

  /** {@code flush()}. */
  record Flush() implements Op {}

  /** {@code close()}, then open the same store again: in-flight counters are lost. */
  record Restart() implements Op {}

  /** An imageRef shortened for messages. */
  static String brief(String imageRef) {
    if (imageRef.length() > 100) {
      return "long-ref(" + imageRef.length() + ")";
    }
    return imageRef.length() <= 24 ? imageRef : "…" + imageRef.substring(imageRef.length() - 12);
  }
}
