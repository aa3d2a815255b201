package dev.pullgate.bench.harness;

/**
 * The timings of one cold start, in nanoseconds (class loading in milliseconds, as HotSpot counts
 * it, or -1 when unknown).
 *
 * @param jvmStart from launching the child process until its {@code main} began
 * @param open opening the engine and its store, as an agent opens them
 * @param openClassLoadingMillis of {@code open}, the time the JVM spent on classes
 * @param firstDecision answering the first decision
 * @param decisionClassLoadingMillis of {@code firstDecision}, the time spent on classes
 * @param total from launching the process until the first decision was answered
 */
public record ColdStartSample(
    long jvmStart,
    long open,
    long openClassLoadingMillis,
    long firstDecision,
    long decisionClassLoadingMillis,
    long total) {}
