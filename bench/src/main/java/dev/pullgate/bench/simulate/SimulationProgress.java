package dev.pullgate.bench.simulate;

/**
 * Told how far a simulation has come, so that a caller can draw a progress bar; the simulator
 * itself prints nothing. It is called on the simulating thread, a few hundred times per run and
 * once more at the end; an exception it throws ends the simulation.
 */
@FunctionalInterface
public interface SimulationProgress {

  /** A listener that ignores progress. */
  SimulationProgress NONE = (done, total) -> {};

  /** {@code done} of the scenario's {@code total} pod starts have been played. */
  void progress(long done, long total);
}
