package dev.pullgate.jmh.workload;

import dev.pullgate.DecisionReason;
import dev.pullgate.credential.PodCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A kind of decision a benchmark measures: which records its probes visit, what the pods offer, and
 * the reason every one of its decisions must have (under the default policy, {@code
 * NeverVerifyPreloadedImages}).
 */
public enum Scenario {
  /** A pod holds one of the stored secrets: a match by credential hash. */
  SECRET_HASH_MATCH(DecisionReason.SECRET_HASH_MATCH),

  /**
   * {@link #SECRET_HASH_MATCH} on one hot record that every probe of every thread visits: the
   * decision's own cost, with the record in the CPU's caches.
   */
  HOT_SECRET_HASH_MATCH(DecisionReason.SECRET_HASH_MATCH),

  /**
   * A pod holds a stored secret that was rotated (same uid, namespace and name, new hash): a match
   * by coordinates, which stores the new hash through a deferred merge. Passes alternate between
   * the rotated and the original hash, so every visit is a rotation again.
   */
  SECRET_COORDINATES_MATCH(DecisionReason.SECRET_COORDINATES_MATCH),

  /** A public image that every pod on the node may use; the pod's credentials are never read. */
  NODE_ACCESSIBLE(DecisionReason.NODE_ACCESSIBLE),

  /**
   * A preloaded image: no record and no pull intent, so the policy lets the pod use it after both
   * lookups come back empty.
   */
  PRELOADED(DecisionReason.POLICY_ALLOWED);

  private final DecisionReason reason;

  Scenario(DecisionReason reason) {
    this.reason = reason;
  }

  /** The reason every decision of this scenario has. */
  public DecisionReason reason() {
    return reason;
  }

  /**
   * The numbers this scenario visits on {@code workload}: a power of two of distinct records (or
   * preloaded images), at least half of those eligible, in a fixed random order; one record for
   * {@link #HOT_SECRET_HASH_MATCH}.
   */
  public int[] order(Workload workload) {
    int[] eligible = eligible(workload);
    SplittableRandom random = new SplittableRandom(Workload.SEED + ordinal());
    for (int i = eligible.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = eligible[i];
      eligible[i] = eligible[j];
      eligible[j] = swap;
    }
    return Arrays.copyOf(
        eligible, this == HOT_SECRET_HASH_MATCH ? 1 : Integer.highestOneBit(eligible.length));
  }

  /**
   * The probes of benchmark thread {@code thread} of {@code threads}: its own share of {@link
   * #order}, disjoint from every other thread's, cut to a power of two; every thread shares the one
   * record of {@link #HOT_SECRET_HASH_MATCH}.
   *
   * @throws IllegalArgumentException when there are more threads than records to visit
   */
  public Probes probes(Workload workload, int thread, int threads) {
    int[] order = order(workload);
    if (this == HOT_SECRET_HASH_MATCH) {
      return new Probes(new Probe[] {probe(workload, order[0], 0)}, 1);
    }
    int share = order.length / threads;
    if (share == 0) {
      throw new IllegalArgumentException(
          this + " visits " + order.length + " records, fewer than threads=" + threads);
    }
    int length = Integer.highestOneBit(share);
    int passes = this == SECRET_COORDINATES_MATCH ? 2 : 1;
    Probe[] probes = new Probe[passes * length];
    for (int i = 0; i < length; i++) {
      int n = order[thread * share + i];
      for (int pass = 0; pass < passes; pass++) {
        probes[pass * length + i] = probe(workload, n, pass);
      }
    }
    return new Probes(probes, length);
  }

  private int[] eligible(Workload workload) {
    if (this == PRELOADED) {
      int[] all = new int[workload.preloadedImages()];
      Arrays.setAll(all, i -> i);
      return all;
    }
    boolean nodeAccessible = this == NODE_ACCESSIBLE;
    int[] eligible = new int[workload.records()];
    int count = 0;
    for (int r = 0; r < workload.records(); r++) {
      if (workload.isNodeAccessible(r) == nodeAccessible) {
        eligible[count++] = r;
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException(this + " needs more records than " + workload.records());
    }
    return Arrays.copyOf(eligible, count);
  }

  /** The probe of record (or preloaded image) {@code n} in pass {@code pass}. */
  private Probe probe(Workload workload, int n, int pass) {
    return switch (this) {
      case PRELOADED ->
          new Probe(
              n,
              workload.preloadedImage(n),
              workload.preloadedImageRef(n),
              PodCredentials.none(),
              utf8(workload.preloadedImageName(n)),
              null);
      case NODE_ACCESSIBLE ->
          new Probe(
              n,
              workload.image(n),
              workload.imageRef(n),
              PodCredentials.none(),
              utf8(workload.imageName(n)),
              null);
      case SECRET_HASH_MATCH, HOT_SECRET_HASH_MATCH -> secretProbe(workload, n, false);
      case SECRET_COORDINATES_MATCH -> secretProbe(workload, n, pass == 0);
    };
  }

  /** A pod of the namespace whose secret the record holds, with that secret or its rotation. */
  private static Probe secretProbe(Workload workload, int r, boolean rotated) {
    int k = workload.matchingNamespace(r);
    return new Probe(
        r,
        workload.image(r),
        workload.imageRef(r),
        rotated ? workload.rotatedPod(k) : workload.pod(k),
        utf8(workload.imageName(r)),
        (rotated ? workload.rotatedSecret(k) : workload.secret(k)).hash().bytes());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
