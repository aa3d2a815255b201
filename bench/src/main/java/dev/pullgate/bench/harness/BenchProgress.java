package dev.pullgate.bench.harness;

/**
 * Told how far a benchmark has come, so that a caller can draw a progress bar; the harness prints
 * nothing. Called on the thread that runs the benchmark, a few times per second.
 */
public interface BenchProgress {

  /** A listener that ignores progress. */
  BenchProgress NONE =
      new BenchProgress() {
        @Override
        public void step(String description) {}

        @Override
        public void progress(long done, long total) {}
      };

  /** A new step has started, such as {@code measuring kubelet-lru, 10,000 records, 2 threads}. */
  void step(String description);

  /** {@code done} of {@code total} units of the planned work are done. */
  void progress(long done, long total);
}
