package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use it from your project" section is true: its class compiles against the engine's
 * runtime class path alone (what a project that depends on the engine gets) without a warning, runs
 * in a new JVM with the flags the section gives and prints what the section shows; and the
 * section's coordinates and plugin settings carry the project's version and the same flags.
 */
class ReadmeExampleTest {
  private static final Path README =
      Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
  private static final String SECTION = "## Use it from your project";
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void exampleClass_compilesAndRuns_printingWhatTheReadmeShows() throws Exception {
    String section = section();
    String source = block(section, "java", "public static void main");
    Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
    assertThat(name.find()).as("a public class in the example").isTrue();
    List<String> run = lines(block(section, "", "$ java "));
    List<String> flags = flagsOf(run.get(0));

    Path classes = compile(name.group(1), source);
    Result result = runJava(flags, classes + File.pathSeparator + runtimeClassPath(), name);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo(run.subList(1, run.size()));
  }

  @Test
  void flags_areTheSameOnTheCommandLine_inTheArgLine_andInTheExecArguments() throws IOException {
    String section = section();
    List<String> flags = flagsOf(lines(block(section, "", "$ java ")).get(0));
    String xml = block(section, "xml", "<argLine>");
    Matcher argLine = Pattern.compile("<argLine>(.*)</argLine>").matcher(xml);
    assertThat(argLine.find()).isTrue();
    List<String> execFlags = new ArrayList<>();
    Matcher argument = Pattern.compile("<argument>(.*)</argument>").matcher(xml);
    while (argument.find() && !argument.group(1).equals("-classpath")) {
      execFlags.add(argument.group(1));
    }

    assertThat(flags)
        .containsExactly(
            "--add-opens",
            "java.base/java.nio=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(List.of(argLine.group(1).split(" "))).isEqualTo(flags);
    assertThat(execFlags).isEqualTo(flags);
  }

  @Test
  void coordinates_carryTheProjectsVersion() throws IOException {
    String dependency = block(section(), "xml", "<artifactId>pullgate-engine</artifactId>");

    assertThat(dependency)
        .contains("<groupId>dev.pullgate</groupId>")
        .contains("<version>" + System.getProperty("pullgate.version") + "</version>");
  }

  /** The README's section, up to the next heading of its level. */
  private static String section() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n" + SECTION + "\n");
    assertThat(start).as("%s in %s", SECTION, README).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return end < 0 ? readme.substring(start) : readme.substring(start, end);
  }

  /** The first fenced block of {@code language} in {@code section} that contains {@code text}. */
  private static String block(String section, String language, String text) {
    String open = null;
    List<String> body = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (open == null && line.startsWith("```")) {
        open = line.substring(3);
        body.clear();
      } else if (open != null && line.equals("```")) {
        String block = String.join("\n", body);
        if (open.equals(language) && block.contains(text)) {
          return block;
        }
        open = null;
      } else if (open != null) {
        body.add(line);
      }
    }
    throw new AssertionError("no ```" + language + " block with " + text + " in " + SECTION);
  }

  private static List<String> lines(String text) {
    return List.of(text.split("\n"));
  }

  /** The JVM flags of a {@code $ java FLAGS -cp ... Class} line. */
  private static List<String> flagsOf(String command) {
    List<String> words = Arrays.asList(command.trim().split("\\s+"));
    assertThat(words.subList(0, 2)).containsExactly("$", "java");
    int classPath = words.indexOf("-cp");
    assertThat(classPath).as("-cp in %s", command).isPositive();
    return words.subList(2, classPath);
  }

  /** Compiles the class without any warning against the engine's runtime class path. */
  private Path compile(String className, String source) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path file = Files.writeString(sources.resolve(className + ".java"), source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int exit =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "--release",
            "17",
            "-Xlint:all",
            "-Werror",
            "-d",
            classes.toString(),
            "-classpath",
            runtimeClassPath(),
            file.toString());
    assertThat(exit)
        .as("javac exit code; %s", diagnostics.toString(StandardCharsets.UTF_8))
        .isZero();
    return classes;
  }

  /** The engine's classes and its runtime dependencies: what a project that depends on it gets. */
  private static String runtimeClassPath() throws IOException {
    String file = System.getProperty("pullgate.runtime.classpath.file");
    assertThat(file).as("pullgate.runtime.classpath.file (the build sets it)").isNotNull();
    return EngineClasses.location() + File.pathSeparator + Files.readString(Path.of(file));
  }

  private Result runJava(List<String> flags, String classPath, Matcher name)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    // The example's temporary store goes into this test's directory, which JUnit deletes.
    command.add("-Djava.io.tmpdir=" + dir);
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", classPath, name.group(1)));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
    process.getOutputStream().close();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the example did not exit in " + TIMEOUT_SECONDS + " s");
    }
    String stdout = out.join();
    return new Result(
        process.exitValue(), stdout.isEmpty() ? List.of() : lines(stdout.strip()), err.join());
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        });
  }

  /** How the example's JVM ended, and what it printed. */
  private record Result(int exitCode, List<String> stdout, String stderr) {}
}
