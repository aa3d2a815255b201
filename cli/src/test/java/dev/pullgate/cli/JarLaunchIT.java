package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.testing.PackagedJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI jar, run as {@code java -jar} with no JVM flags, as an operator without the
 * launcher would: its manifest opens what lmdbjava needs ({@code Add-Opens}), so commands that open
 * a store work.
 */
class JarLaunchIT {
  private static final Path JAR = PackagedJar.path();

  @TempDir Path dir;

  @Test
  void simulate_withoutJvmFlags_playsTheDayOnLmdb() throws Exception {
    Run run =
        java("simulate", "--hours", "2", "--pods", "200", "--namespaces", "4", "--images", "20");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("  oracle violations                     0  ok")
        .contains("Store: LMDB, durable commits, in a temporary directory (deleted)");
  }

  @Test
  void replay_withoutJvmFlags_opensAndReopensTheStore() throws Exception {
    Path trace = Path.of("..", "examples", "quickstart.trace").toAbsolutePath().normalize();

    Run run = java("replay", trace.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("\\d+ passed, 0 failed");
  }

  @Test
  void bench_fromTheJar_coldStartsChildJvmsOnTheSameJar() throws Exception {
    Path out = dir.resolve("bench");

    Run run =
        java(
            "bench",
            "--sizes",
            "100",
            "--threads",
            "1",
            "--adapters",
            "pullgate-cached,kubelet-lru",
            "--warmup",
            "0ms",
            "--measure",
            "2s",
            "--decisions",
            "100",
            "--cold-runs",
            "1",
            "--output",
            out.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Files.readAllLines(out.resolve("cold-start.csv")))
        .hasSize(3)
        .anyMatch(line -> line.startsWith("pullgate-cached,100,1,"))
        .anyMatch(line -> line.startsWith("kubelet-lru,100,1,"));
  }

  @Test
  void verifyAndRepair_fromTheJar_walkTheStoreInAChildJvmOnTheSameJar() throws Exception {
    Path store = dir.resolve("store");
    Run simulate =
        java(
            "simulate",
            "--hours",
            "1",
            "--pods",
            "50",
            "--namespaces",
            "2",
            "--images",
            "10",
            "--store",
            store.toString());
    assertThat(simulate.exitCode()).as(simulate.output()).isZero();

    Run verify = java("verify", "--store", store.toString());
    Run repair = java("repair", "--store", store.toString(), "--dry-run");

    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("No damage found.");
    assertThat(repair.exitCode()).as(repair.output()).isZero();
    assertThat(repair.output()).contains("Nothing to repair in " + store);
  }

  /** Runs {@code java -jar JAR args…} with nothing else on the JVM's command line. */
  private Run java(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("the packaged CLI jar").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    Path output = dir.resolve("output");
    Process process = builder.redirectOutput(output.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished within 2 minutes").isTrue();
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  /** How one run of the jar ended. */
  private record Run(int exitCode, String output) {}
}
