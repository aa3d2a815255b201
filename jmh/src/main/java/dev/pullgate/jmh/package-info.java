/**
 * JMH benchmarks of the engine: decision latency over every store beside its floors, writes, image
 * parsing and credential hashing. {@code jmh/README.md} says how to run them.
 *
 * <p>Packages depend one way: {@code workload} (the synthetic node, probes and scenarios) ← {@code
 * fixture} (the engine's store internals, in one place) ← {@code floor} (one adapter per
 * competitor) ← this package (the benchmarks).
 */
package dev.pullgate.jmh;
