package dev.pullgate.bench.harness;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;

/**
 * What one benchmark thread does on the node: between decisions it plays the node's other events
 * (pulls, secret rotations, garbage collection) on the engine, untimed; the harness times only the
 * decisions. A node thread belongs to one thread and is never shared.
 */
public interface NodeThread {

  /**
   * Plays the events due before the next decision on {@code gate}, then returns that decision's
   * inputs.
   */
  Probe next(PullGate gate);

  /**
   * Tells the node what {@code gate} decided about the probe that {@link #next} returned last, so
   * that it can act on it (pull the image when told to).
   */
  void decided(PullGate gate, Probe probe, PullDecision decision);
}
