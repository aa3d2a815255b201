package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./pullgate} launcher at the repository's root, run by bash on a copy of the script in
 * a scratch repository, with stand-ins for {@code mvn} and {@code java} on the {@code PATH} that
 * record how they were called: when it builds, what it runs, and how it exits.
 */
class LauncherTest {
  private static final Path SCRIPT =
      Path.of(System.getProperty("basedir", ".")).resolve("../pullgate").normalize();
  private static final Path BASH = Path.of("/bin/bash");

  @TempDir Path dir;
  private Path repo;
  private Path bin;
  private Path calls;

  @BeforeEach
  void scratchRepository() throws IOException {
    assumeThat(BASH).isExecutable();
    repo = Files.createDirectories(dir.resolve("repo"));
    Files.copy(SCRIPT, repo.resolve("pullgate"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(repo.resolve("cli/src/main/java"));
    Files.writeString(repo.resolve("cli/pom.xml"), "<project/>\n");
    Files.writeString(repo.resolve("cli/src/main/java/Main.java"), "class Main {}\n");
    bin = Files.createDirectories(dir.resolve("bin"));
    calls = dir.resolve("calls");
    // mvn prints what Maven prints and builds the jar unless MVN_FAILS is set; java records its
    // arguments and exits JAVA_EXIT.
    script(
        "mvn",
        "echo \"mvn $*\" >> '" + calls + "'",
        "printf '\\033[0m\\033[0m[INFO] Scanning for projects...\\n'",
        "printf '\\033[0m\\033[0m\\n'",
        "echo '[INFO] Downloading from central: https://repo.example/a.pom'",
        "echo '[INFO] Downloaded from central: https://repo.example/a.pom (1 kB)'",
        "echo '[INFO] Building Pullgate engine 1.0                          [1/2]'",
        "echo '[INFO] Downloading from central: https://repo.example/b.jar'",
        "echo '[INFO] Compiling 80 source files'",
        "echo '[WARNING] a warning stays visible'",
        "echo '[WARNING] /r/engine/src/test/java/T.java:[1,2] a lint warning on a test'",
        "echo '[INFO] Building Pullgate CLI 1.0                             [2/2]'",
        "[ -n \"${MVN_FAILS:-}\" ] && { echo '[INFO] BUILD FAILURE'; echo '[ERROR] it broke';"
            + " exit 1; }",
        "echo '[INFO] Building jar: cli/target/pullgate-cli-1.0.jar'",
        "mkdir -p cli/target && echo jar > cli/target/pullgate-cli-1.0.jar");
    script("java", "echo \"java $*\" >> '" + calls + "'", "exit \"${JAVA_EXIT:-0}\"");
  }

  @Test
  void failedBuild_exits2_notMavensExit1() throws Exception {
    Run run = launch(Map.of("MVN_FAILS", "1"), "verify", "--store", "s");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("[INFO] BUILD FAILURE\n[ERROR] it broke\n")
        .contains("pullgate: building the CLI failed");
    assertThat(Files.readString(calls)).doesNotContain("java ");
  }

  @Test
  void build_saysWhatItIsDoing_aLinePerModule_onStandardError() throws Exception {
    Run run = launch(Map.of(), "stat");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err().lines())
        .containsExactly(
            "pullgate: building the CLI with Maven, a line per module (the first build downloads"
                + " Maven's plugins and the dependencies, which can take minutes)",
            "pullgate:     downloading plugins and dependencies",
            "pullgate:   Pullgate engine 1.0 [1/2]",
            "pullgate:     downloading plugins and dependencies",
            "[WARNING] a warning stays visible",
            "pullgate:   Pullgate CLI 1.0 [2/2]",
            "pullgate: built " + repo.toRealPath().resolve("cli/target/pullgate-cli-1.0.jar"));
    assertThat(Files.readString(dir.resolve("out"))).isEmpty();
  }

  @Test
  void firstRun_buildsThenRunsTheJar_andPassesItsExitStatusOn() throws Exception {
    Run run = launch(Map.of("JAVA_EXIT", "4"), "get", "--store", "s", "sha256:x");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(Files.readAllLines(calls))
        .containsExactly(
            "mvn -B -Dstyle.color=never -DskipTests -Dmaven.source.skip=true"
                + " -Dmaven.javadoc.skip=true package -pl cli -am",
            "java -jar "
                + repo.toRealPath().resolve("cli/target/pullgate-cli-1.0.jar")
                + " get --store s sha256:x");
  }

  @Test
  void sourceNewerThanTheJar_rebuilds_andAnUpToDateJarDoesNot() throws Exception {
    launch(Map.of(), "stat");
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path file : files.toList()) {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(120)));
      }
    }
    Files.setLastModifiedTime(
        repo.resolve("cli/target/pullgate-cli-1.0.jar"),
        FileTime.from(Instant.now().minusSeconds(60)));

    launch(Map.of(), "stat");
    assertThat(Files.readString(calls)).containsOnlyOnce("mvn ");

    Files.writeString(repo.resolve("cli/src/main/java/Main.java"), "class Main { int pulled; }\n");
    launch(Map.of(), "stat");
    assertThat(Files.readAllLines(calls).stream().filter(c -> c.startsWith("mvn "))).hasSize(2);
  }

  @Test
  void sourcesAndJavadocJarsBesideTheJar_areNeverRun() throws Exception {
    launch(Map.of(), "stat");
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path file : files.toList()) {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(120)));
      }
    }
    Path target = repo.resolve("cli/target");
    Files.setLastModifiedTime(
        target.resolve("pullgate-cli-1.0.jar"), FileTime.from(Instant.now().minusSeconds(60)));
    // Written after the jar, as a full build attaches them.
    Files.writeString(target.resolve("pullgate-cli-1.0-sources.jar"), "sources\n");
    Files.writeString(target.resolve("pullgate-cli-1.0-javadoc.jar"), "javadoc\n");

    launch(Map.of(), "list");

    assertThat(Files.readString(calls)).containsOnlyOnce("mvn ");
    assertThat(Files.readAllLines(calls))
        .contains("java -jar " + target.toRealPath().resolve("pullgate-cli-1.0.jar") + " list")
        .noneMatch(call -> call.contains("-sources.jar") || call.contains("-javadoc.jar"));
  }

  private void script(String name, String... lines) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  /** Runs the launcher from a directory outside the repository, as an operator may. */
  private Run launch(Map<String, String> env, String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = BASH.toString();
    command[1] = repo.resolve("pullgate").toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    builder.environment().putAll(env);
    builder.redirectOutput(dir.resolve("out").toFile());
    builder.redirectError(dir.resolve("err").toFile());
    int exitCode = builder.start().waitFor();
    return new Run(exitCode, Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  /** How one launch ended: its exit status and what it wrote to standard error. */
  private record Run(int exitCode, String err) {}
}
