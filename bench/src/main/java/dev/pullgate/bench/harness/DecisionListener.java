package dev.pullgate.bench.harness;

import dev.pullgate.PullDecision;

/**
 * Told of every decision a measured run makes, warm-up included, on the thread that made it and
 * after its time was taken: for tests that compare what adapters decide.
 */
@FunctionalInterface
public interface DecisionListener {

  /** A listener that ignores decisions. */
  DecisionListener NONE = (thread, probe, decision) -> {};

  /** Thread {@code thread} decided {@code decision} about {@code probe}. */
  void decided(int thread, Probe probe, PullDecision decision);
}
