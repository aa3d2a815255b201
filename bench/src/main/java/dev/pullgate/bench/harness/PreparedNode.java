package dev.pullgate.bench.harness;

import java.time.InstantSource;

/**
 * A workload's node whose store has been built: the state its threads share while they run over one
 * store, from the first measured cell on that store to the last.
 */
public interface PreparedNode {

  /** The clock the engines over this store run on. */
  InstantSource clock();

  /**
   * The node thread {@code index} of {@code count} threads running at once, drawing its random
   * choices from {@code seed}. Threads of one count run together; threads of different counts run
   * one after the other, each continuing from the state the previous ones left.
   */
  NodeThread thread(int index, int count, long seed);

  /** What a report should say about preparing this store, or empty when nothing is worth saying. */
  default String notes() {
    return "";
  }
}
