package dev.pullgate.jmh.floor;

import dev.pullgate.jmh.workload.Probe;

/**
 * The least work that could answer a decision, measured over the same probes as the engine: a
 * facade with one adapter per competitor, as Caffeine's benchmarks compare caches.
 *
 * <p>Each floor answers as much of "must this pod attempt the pull?" as its data lets it: the
 * lookups ({@link FloorKind#CONCURRENT_HASH_MAP}, {@link FloorKind#CAFFEINE}, {@link
 * FloorKind#LMDB_GET}) answer only "no record, so pull", which every decision needs first; {@link
 * FloorKind#FLAT_DECISION} answers a secret-hash match in full.
 */
public interface Floor extends AutoCloseable {

  /** Whether the pod of {@code probe} must attempt the pull, as far as this floor can tell. */
  boolean mustAttemptPull(Probe probe);

  /**
   * The floor one benchmark thread uses: this one, unless each thread needs its own resources (a
   * read transaction), which {@link #close()} then releases.
   */
  default Floor forThread() {
    return this;
  }

  /** Releases this floor and whatever {@link #forThread()} handed out. */
  @Override
  default void close() {}
}
