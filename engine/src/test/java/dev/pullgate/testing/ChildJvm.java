package dev.pullgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a separate JVM, for tests whose subject could crash
 * the JVM that runs it (LMDB maps the store's file), that need a second process (the writer lock is
 * per process), or that kill the process on purpose (the crash suite).
 */
public final class ChildJvm {
  private static final long TIMEOUT_SECONDS = 60;

  /** The JVM flags that lmdbjava needs, which every child gets unless told otherwise. */
  public static final List<String> LMDB_FLAGS =
      List.of(
          "--add-opens",
          "java.base/java.nio=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED");

  private ChildJvm() {}

  /** What the child printed, and how it ended. */
  public record Result(int exitCode, List<String> lines, String stderr) {
    /** A description for assertion messages. */
    public String describe() {
      return "exit " + exitCode + "\nstdout:\n" + String.join("\n", lines) + "\nstderr:\n" + stderr;
    }
  }

  /** Runs {@code main} with {@code args} and waits for it to exit. */
  public static Result run(Class<?> main, List<String> args)
      throws IOException, InterruptedException {
    return run(LMDB_FLAGS, main, args);
  }

  /** Runs {@code main} with these JVM flags and {@code args}, and waits for it to exit. */
  public static Result run(List<String> flags, Class<?> main, List<String> args)
      throws IOException, InterruptedException {
    Process process = start(flags, main, args);
    process.getOutputStream().close();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(main.getSimpleName() + " did not exit in " + TIMEOUT_SECONDS + " s");
    }
    String stdout = out.join();
    return new Result(
        process.exitValue(),
        stdout.isEmpty() ? List.of() : List.of(stdout.split("\n")),
        err.join());
  }

  /**
   * Starts {@code main} with these JVM flags and {@code args} and returns at once: the caller reads
   * its output while it runs, and ends it (for example with {@link Process#destroyForcibly()},
   * which is SIGKILL on Linux).
   */
  public static Process start(List<String> flags, Class<?> main, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).start();
  }

  /** Reads all of {@code in} on another thread, as text. */
  public static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        });
  }
}
