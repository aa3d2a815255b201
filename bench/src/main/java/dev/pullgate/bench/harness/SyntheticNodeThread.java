package dev.pullgate.bench.harness;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Lock;

/**
 * One thread of a {@link SyntheticNode}: it starts pods on the images and namespaces it owns (those
 * whose numbers are congruent to its index modulo the thread count), so that what it decides does
 * not depend on how the threads interleave, only on its seed and the engine's decisions.
 */
final class SyntheticNodeThread implements NodeThread {
  private final SyntheticNodeState node;
  private final SyntheticCatalog catalog;
  private final int index;
  private final int count;
  private final SplittableRandom random;
  private final Zipf popularity;
  private final int ownedNamespaces;
  private final long collectEvery;
  private long podStarts;
  private long nextRotation = SyntheticNode.ROTATE_EVERY;
  private long nextCollection;
  private int image;
  private int namespace;

  SyntheticNodeThread(SyntheticNodeState node, int index, int count, long seed) {
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("thread " + index + " of " + count);
    }
    this.node = node;
    this.catalog = node.catalog();
    this.index = index;
    this.count = count;
    this.random = new SplittableRandom(seed);
    int ownedImages = (catalog.images() - index + count - 1) / count;
    if (ownedImages < 1) {
      throw new IllegalArgumentException(
          count + " threads need at least as many images, the catalog has " + catalog.images());
    }
    this.popularity = new Zipf(ownedImages, SyntheticNode.ZIPF_EXPONENT);
    this.ownedNamespaces = (SyntheticCatalog.NAMESPACES - index + count - 1) / count;
    this.collectEvery = (long) SyntheticNode.COLLECT_EVERY_PER_RECORD * catalog.images();
    this.nextCollection = collectEvery;
  }

  @Override
  public Probe next(PullGate gate) {
    while (true) {
      podStarts++;
      if (podStarts == nextRotation) {
        rotateSecret();
        nextRotation += SyntheticNode.ROTATE_EVERY;
      }
      if (podStarts == nextCollection) {
        collectGarbage(gate);
        nextCollection += collectEvery;
      }
      image = imageAt(popularity.sample(random));
      namespace = namespaceFor(image);
      if (node.isPresent(image)) {
        PodCredentials pod = catalog.isPublic(image) ? PodCredentials.none() : node.pod(namespace);
        return new Probe(catalog.image(image), catalog.imageRef(image), pod);
      }
      pull(gate);
    }
  }

  @Override
  public void decided(PullGate gate, Probe probe, PullDecision decision) {
    if (decision.mustAttemptPull()) {
      pull(gate);
    }
  }

  /** The image of popularity rank {@code rank} among this thread's. */
  private int imageAt(int rank) {
    return rank * count + index;
  }

  /** The namespace of a pod that uses {@code image}. */
  private int namespaceFor(int image) {
    int team = catalog.team(image);
    int j = random.nextInt(SyntheticCatalog.NAMESPACES_PER_TEAM);
    if (team < 0) {
      return random.nextInt(SyntheticCatalog.NAMESPACES);
    }
    if (random.nextInt(SyntheticNode.CROSS_TEAM_ONE_IN) == 0) {
      team = (team + 1 + random.nextInt(SyntheticCatalog.TEAMS - 1)) % SyntheticCatalog.TEAMS;
    }
    return SyntheticCatalog.namespaceOf(team, j);
  }

  /**
   * Pulls the current image for the current namespace behind an intent: the registry lets the
   * image's own team (or anyone, for a public image) pull it and refuses everyone else.
   */
  private void pull(PullGate gate) {
    String reference = catalog.image(image);
    boolean publicImage = catalog.isPublic(image);
    boolean authorised = publicImage || catalog.team(image) == SyntheticCatalog.teamOf(namespace);
    Lock lock = node.pulling();
    lock.lock();
    try {
      gate.recordPullIntent(reference);
      if (authorised) {
        node.markPresent(image);
        PullCredentials credentials =
            publicImage
                ? PullCredentials.nodePodsAccessible()
                : PullCredentials.secret(node.secret(namespace));
        gate.recordImagePulled(reference, catalog.imageRef(image), credentials);
      } else {
        gate.recordImagePullFailed(reference);
      }
    } finally {
      lock.unlock();
    }
    node.pulled(authorised);
  }

  private void rotateSecret() {
    if (ownedNamespaces > 0) {
      node.rotate(index + count * random.nextInt(ownedNamespaces));
    }
  }

  /**
   * Removes a share of the less popular half of this thread's present images, as the kubelet's
   * image garbage collection does with images no container has used lately, then prunes every
   * record of an image that is not on the node.
   */
  private void collectGarbage(PullGate gate) {
    Lock lock = node.collecting();
    lock.lock();
    try {
      int removed = 0;
      int ranks = popularity.ranks();
      for (int rank = ranks / 2; rank < ranks; rank++) {
        int candidate = imageAt(rank);
        if (node.isPresent(candidate) && random.nextDouble() < SyntheticNode.COLLECT_SHARE) {
          node.markAbsent(candidate);
          removed++;
        }
      }
      // Every record not on the node goes, however recent: the kubelet's files keep whole
      // seconds, so pruning up to "now" would spare a record written earlier this second.
      Instant until = node.clock().instant().plusSeconds(1);
      int pruned = gate.pruneUnknownRecords(node.presentImageRefs(), until);
      node.collected(removed, pruned);
    } finally {
      lock.unlock();
    }
  }
}
