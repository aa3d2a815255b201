package dev.pullgate.bench.harness;

import dev.pullgate.PullGateConfig;
import dev.pullgate.bench.simulate.PullGateOpener;
import java.util.Locale;

/**
 * The synthetic node of {@code pullgate bench}: a store of one record per image of a {@link
 * SyntheticCatalog}, every image on the node at the start, and threads that start pods.
 *
 * <p>Each pod start picks an image by Zipf's law over the catalog (exponent {@value
 * #ZIPF_EXPONENT}: a few images are used by most pods) and a namespace: for a private image, one of
 * its team's namespaces, or one in {@value #CROSS_TEAM_ONE_IN} times another team's, which the
 * engine must send to the registry, which refuses it. A present image is decided (timed); an image
 * the node does not have, or one the engine says to pull, is pulled behind an intent (untimed).
 * Each thread rotates one of its namespaces' secrets every {@value #ROTATE_EVERY} pod starts, so
 * that its pods match by coordinates until a merge stores the new hash, and collects garbage every
 * {@value #COLLECT_EVERY_PER_RECORD} × records pod starts: it removes a share of the less popular
 * images and prunes their records.
 *
 * <p>The engine's settings are the defaults (policy {@code NeverVerifyPreloadedImages}).
 */
public final class SyntheticNode implements BenchWorkload {
  /** The exponent of the images' popularity. */
  static final double ZIPF_EXPONENT = 1.0;

  /** A pod of a private image comes from another team once in this many pod starts. */
  static final int CROSS_TEAM_ONE_IN = 1_000;

  /** How many pod starts of one thread pass between two secret rotations. */
  static final int ROTATE_EVERY = 5_000;

  /** How many pod starts of one thread, per record of the store, pass between collections. */
  static final int COLLECT_EVERY_PER_RECORD = 10;

  /** The share of the less popular half of a thread's present images that a collection removes. */
  static final double COLLECT_SHARE = 0.02;

  private final long seed;

  /** The node drawn from {@code seed}. */
  public SyntheticNode(long seed) {
    this.seed = seed;
  }

  /** The seed of the node's catalog and of the threads' choices. */
  public long seed() {
    return seed;
  }

  @Override
  public String description() {
    return String.format(
        Locale.ROOT,
        "synthetic node (seed %d): Zipf-popular images (exponent %.1f), %d namespaces in %d"
            + " teams, a pod from another team 1 in %,d, a secret rotation every %,d pod starts"
            + " and an image collection with pruning every %d × records pod starts, per thread",
        seed,
        ZIPF_EXPONENT,
        SyntheticCatalog.NAMESPACES,
        SyntheticCatalog.TEAMS,
        CROSS_TEAM_ONE_IN,
        ROTATE_EVERY,
        COLLECT_EVERY_PER_RECORD);
  }

  @Override
  public PullGateConfig config() {
    return PullGateConfig.defaults();
  }

  @Override
  public PreparedNode prepare(PullGateOpener opener, int records) {
    SyntheticCatalog catalog = new SyntheticCatalog(seed, records);
    SyntheticNodeState node = new SyntheticNodeState(catalog);
    RecordLoader.load(opener, config(), node.clock(), catalog, records);
    return node;
  }
}
