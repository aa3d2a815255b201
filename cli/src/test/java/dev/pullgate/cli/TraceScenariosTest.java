package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every scenario trace under {@code src/test/resources/traces/} and every example trace
 * under the repository's {@code examples/} through {@code pullgate replay}, in this JVM, on the
 * default temporary LMDB store and on the in-memory store: each must run its expectations and fail
 * none.
 */
class TraceScenariosTest {
  private static final String CLOSING_LINE = "(\\d+) passed, 0 failed";

  private static final Path EXAMPLES = Path.of("..", "examples");

  static Stream<Path> traces() throws IOException, URISyntaxException {
    return tracesIn(Path.of(TraceScenariosTest.class.getResource("/traces").toURI()));
  }

  static Stream<Path> examples() throws IOException {
    return tracesIn(EXAMPLES);
  }

  private static Stream<Path> tracesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> traces = files.filter(f -> f.toString().endsWith(".trace")).sorted().toList();
      return traces.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void replay_scenarioTrace_passesEveryExpectation(Path trace) {
    assertPasses(trace);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void replay_scenarioTraceInMemory_passesEveryExpectation(Path trace) {
    assertPasses(trace, "--in-memory");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void replay_example_passesEveryExpectation(Path trace) {
    assertPasses(trace);
    assertPasses(trace, "--in-memory");
  }

  @Test
  void examples_includeTheQuickstart() throws Exception {
    assertThat(examples()).contains(EXAMPLES.resolve("quickstart.trace"));
  }

  @Test
  void scenarios_coverAtLeastFifteenTraces() throws Exception {
    assertThat(traces()).hasSizeGreaterThanOrEqualTo(15);
  }

  private static void assertPasses(Path trace, String... options) {
    String[] args =
        Stream.concat(Stream.of("replay", trace.toString()), Stream.of(options))
            .toArray(String[]::new);
    CliRun run = CliRun.of(args);

    assertThat(run.err()).isEmpty();
    assertThat(run.outLines()).noneMatch(line -> line.contains("FAILED"));
    assertThat(run.closingLine()).matches(CLOSING_LINE).isNotEqualTo("0 passed, 0 failed");
    assertThat(run.exitCode()).isZero();
  }
}
