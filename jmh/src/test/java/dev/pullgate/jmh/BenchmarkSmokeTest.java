package dev.pullgate.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark JMH knows, in this JVM, on a tiny node, for one warm-up and one measurement
 * iteration of 50 ms, and checks that each produced a result: it keeps the benchmarks from rotting.
 * The numbers mean nothing and nothing here looks at them. JMH's own output goes to {@code
 * target/jmh-smoke/<class>.log}.
 *
 * <p>The node has {@value #RECORDS} records, fewer than any benchmark declares, because every trial
 * decides each of its probes once before measuring, and a rotated secret over the kubelet's files
 * costs a file replacement each; one of them holds the secret that the forget benchmark forgets.
 */
class BenchmarkSmokeTest {
  private static final TimeValue ITERATION = TimeValue.milliseconds(50);
  private static final String RECORDS = "100";

  @ParameterizedTest
  @MethodSource("benchmarkClasses")
  void everyBenchmark_ofClass_producesAResult(String benchmarkClass)
      throws IOException, RunnerException {
    Path log = Path.of("target", "jmh-smoke", simpleName(benchmarkClass) + ".log");
    Files.createDirectories(log.getParent());
    Options options =
        new OptionsBuilder()
            .include("^" + benchmarkClass.replace(".", "\\.") + "\\.")
            .param("records", RECORDS)
            .param("secretsPerImage", "1")
            .param("holders", "1")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(ITERATION)
            .measurementIterations(1)
            .measurementTime(ITERATION)
            .shouldFailOnError(true)
            .output(log.toString())
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> measured =
        results.stream()
            .filter(result -> !Double.isNaN(result.getPrimaryResult().getScore()))
            .map(result -> result.getParams().getBenchmark())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(measured)
        .as("benchmarks with a result; see " + log)
        .isEqualTo(benchmarks(benchmarkClass));
  }

  static List<String> benchmarkClasses() throws IOException {
    return entries().stream()
        .map(BenchmarkListEntry::getUserClassQName)
        .distinct()
        .sorted()
        .toList();
  }

  private static Set<String> benchmarks(String benchmarkClass) throws IOException {
    return entries().stream()
        .filter(entry -> entry.getUserClassQName().equals(benchmarkClass))
        .map(BenchmarkListEntry::getUsername)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<BenchmarkListEntry> entries() throws IOException {
    try (InputStream list =
        BenchmarkSmokeTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
      assertThat(list).as("JMH's benchmark list, generated at compile time").isNotNull();
      return BenchmarkList.readBenchmarkList(list);
    }
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
