package dev.pullgate.bench.harness;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What the threads of a synthetic node share: which images are on the node, each namespace's
 * current secret, and the container runtime's lock that orders pulls against garbage collection.
 *
 * <p>Each image and each namespace is changed by one thread only (thread {@code t} of {@code n}
 * owns the numbers congruent to {@code t} modulo {@code n}); other threads read them. A collection
 * reads every image's presence to tell the engine which records to keep, so it holds the runtime
 * lock exclusively, and a pull holds it shared from the moment it marks its image present until its
 * record is written: a collection never prunes a record that a pull is writing.
 */
final class SyntheticNodeState implements PreparedNode {
  private final SyntheticCatalog catalog;
  private final AtomicIntegerArray present;
  private final AtomicIntegerArray versions = new AtomicIntegerArray(SyntheticCatalog.NAMESPACES);
  private final AtomicReferenceArray<PodCredentials> pods =
      new AtomicReferenceArray<>(SyntheticCatalog.NAMESPACES);
  private final ReentrantReadWriteLock runtime = new ReentrantReadWriteLock();
  private final AtomicLong pulls = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong rotations = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong pruned = new AtomicLong();

  /** The node of {@code catalog} at the start: every image present, no secret rotated. */
  SyntheticNodeState(SyntheticCatalog catalog) {
    this.catalog = catalog;
    this.present = new AtomicIntegerArray(catalog.images());
    for (int i = 0; i < catalog.images(); i++) {
      present.set(i, 1);
    }
    for (int k = 0; k < SyntheticCatalog.NAMESPACES; k++) {
      pods.set(k, podOf(catalog.secret(k, 0)));
    }
  }

  @Override
  public InstantSource clock() {
    return InstantSource.system();
  }

  @Override
  public NodeThread thread(int index, int count, long seed) {
    return new SyntheticNodeThread(this, index, count, seed);
  }

  @Override
  public String notes() {
    return String.format(
        Locale.ROOT,
        "%,d pulls (%,d refused by the registry), %,d secret rotations, %,d collections"
            + " removing %,d images and pruning %,d records",
        pulls.get(),
        refused.get(),
        rotations.get(),
        collections.get(),
        removed.get(),
        pruned.get());
  }

  SyntheticCatalog catalog() {
    return catalog;
  }

  boolean isPresent(int image) {
    return present.get(image) == 1;
  }

  void markPresent(int image) {
    present.set(image, 1);
  }

  void markAbsent(int image) {
    present.set(image, 0);
  }

  /** The credentials a pod of {@code namespace} offers now. */
  PodCredentials pod(int namespace) {
    return pods.get(namespace);
  }

  /** The secret a pod of {@code namespace} pulls with now. */
  SecretCredential secret(int namespace) {
    return pods.get(namespace).secrets().get(0);
  }

  /** Rotates {@code namespace}'s secret: same coordinates, a new credential and hash. */
  void rotate(int namespace) {
    pods.set(namespace, podOf(catalog.secret(namespace, versions.incrementAndGet(namespace))));
    rotations.incrementAndGet();
  }

  /** The imageRefs of every image on the node. */
  Set<String> presentImageRefs() {
    Set<String> refs = new HashSet<>();
    for (int i = 0; i < catalog.images(); i++) {
      if (isPresent(i)) {
        refs.add(catalog.imageRef(i));
      }
    }
    return refs;
  }

  /** The lock a pull holds from marking its image present until its record is written. */
  Lock pulling() {
    return runtime.readLock();
  }

  /** The lock a collection holds while it removes images and prunes their records. */
  Lock collecting() {
    return runtime.writeLock();
  }

  /** Counts a pull; one the registry refused when not {@code authorised}. */
  void pulled(boolean authorised) {
    pulls.incrementAndGet();
    if (!authorised) {
      refused.incrementAndGet();
    }
  }

  /** Counts a collection. */
  void collected(int removedImages, int prunedRecords) {
    collections.incrementAndGet();
    removed.addAndGet(removedImages);
    pruned.addAndGet(prunedRecords);
  }

  private static PodCredentials podOf(SecretCredential secret) {
    return PodCredentials.of(List.of(secret), null);
  }
}
