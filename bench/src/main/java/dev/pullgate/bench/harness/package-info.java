/**
 * The harness of {@code pullgate bench}: workloads ({@link
 * dev.pullgate.bench.harness.SyntheticNode}, or a caller's, such as the CLI's trace workload), one
 * {@link dev.pullgate.bench.harness.StoreAdapter adapter} per store, all deciding through the same
 * engine, the measured cells ({@link dev.pullgate.bench.harness.LatencyRun}, HdrHistogram
 * percentiles), cold starts in fresh JVMs ({@link dev.pullgate.bench.harness.ColdStartMain}), and
 * the run that ties them ({@link dev.pullgate.bench.harness.BenchRunner}).
 *
 * <p>Only decisions are timed; the node's pulls, rotations and garbage collections run between
 * them, on the same threads, untimed. The harness prints nothing; {@code dev.pullgate.bench.report}
 * renders its results.
 */
package dev.pullgate.bench.harness;
