package dev.pullgate.jmh.workload;

/**
 * The probes of one benchmark thread, visited in order by a mask over a power-of-two array: no
 * random draw on the hot path.
 *
 * <p>The array holds one or more passes over the same {@link #distinct()} records; a scenario whose
 * decisions change their record (a rotated secret) alternates what each pass offers, so every visit
 * is the decision it names.
 */
public final class Probes {
  private final Probe[] probes;
  private final int mask;
  private final int distinct;
  private int next;

  Probes(Probe[] probes, int distinct) {
    if (Integer.bitCount(probes.length) != 1) {
      throw new IllegalArgumentException("probes must be a power of two, was " + probes.length);
    }
    this.probes = probes;
    this.mask = probes.length - 1;
    this.distinct = distinct;
  }

  /** The next probe, cycling. */
  public Probe next() {
    return probes[next++ & mask];
  }

  /** How many distinct records one pass visits. */
  public int distinct() {
    return distinct;
  }
}
