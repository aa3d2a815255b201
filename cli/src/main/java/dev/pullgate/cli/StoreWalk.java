package dev.pullgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a walk of a store ({@code verify}, {@code repair}) in a child JVM, {@link StoreWalkMain}:
 * the same Java binary and class path as this one, the flags lmdbjava needs, and a bounded time.
 *
 * <p>LMDB maps the store's file and trusts it. The checks before opening refuse the damage they can
 * see, but damage they cannot (in a store too large for them to walk, or that struck in between)
 * crashes the process that reads it, in LMDB's native code (SIGSEGV, SIGBUS). In a child, such a
 * crash, any other abnormal exit, and a walk that does not end in time are verdicts about the
 * store, which the command reports as damage; the tool itself never dies of them.
 *
 * <p>The child writes its crash report into a private temporary directory, which is kept, and named
 * in the outcome, only when it crashed; it never writes a core dump.
 */
final class StoreWalk {
  /** How long a walk may take by default. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  /** The JVM flags lmdbjava needs in every JVM that opens a store. */
  static final List<String> LMDB_FLAGS =
      List.of(
          "--add-opens",
          "java.base/java.nio=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED");

  private static final int STDERR_TAIL = 2000;

  private final Class<?> main;
  private final Duration timeout;

  /** Walks with {@link StoreWalkMain}, bounded by {@code timeout}. */
  StoreWalk(Duration timeout) {
    this(StoreWalkMain.class, timeout);
  }

  /** Walks with {@code main}, which speaks {@link StoreWalkMain}'s protocol; for tests. */
  StoreWalk(Class<?> main, Duration timeout) {
    this.main = main;
    this.timeout = timeout;
  }

  /** How a walk ended. */
  sealed interface Outcome permits Reported, Died {}

  /** The child ran to its end and printed its report. */
  record Reported(JsonNode report) implements Outcome {}

  /**
   * The child did not: it crashed, exited abnormally, printed no report, or did not end in time.
   *
   * @param how what happened, for an operator: the signal and the native frame of a crash
   * @param crashReport the JVM's crash report, or null when it wrote none
   */
  record Died(String how, Path crashReport) implements Outcome {}

  /** Runs the walk {@code args} and waits for its end, or for the timeout. */
  Outcome run(List<String> args) {
    Path reports;
    try {
      reports = Files.createTempDirectory("pullgate-walk-");
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCodes.INVALID, "cannot create a temporary directory for the walk: " + e, e);
    }
    Outcome outcome;
    try {
      outcome = runChild(args, reports);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCodes.INVALID, "cannot start a JVM for the walk of the store: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(ExitCodes.INVALID, "interrupted while the store was walked", e);
    }
    if (!(outcome instanceof Died died && died.crashReport() != null)) {
      deleteQuietly(reports);
    }
    return outcome;
  }

  private Outcome runChild(List<String> args, Path reports)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LMDB_FLAGS);
    command.add("-XX:-CreateCoredumpOnCrash");
    command.add("-XX:ErrorFile=" + reports.resolve("hs_err_pid%p.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      return new Died("did not end within " + describe(timeout), null);
    }
    int exit = process.exitValue();
    String report = out.join().strip();
    if (exit == 0 && !report.isEmpty()) {
      try {
        return new Reported(new ObjectMapper().readTree(report));
      } catch (IOException e) {
        return new Died("printed a report that is not JSON", null);
      }
    }
    Path crash = reports.resolve("hs_err_pid" + process.pid() + ".log");
    if (Files.exists(crash)) {
      return new Died("crashed (" + crashSummary(crash, exit) + ")", crash);
    }
    String how = exit > 128 ? "was killed by signal " + (exit - 128) : "exited with status " + exit;
    String tail = lastLine(err.join());
    return new Died(how + (tail.isEmpty() ? "" : ": " + tail), null);
  }

  /** The signal and the native frame of a crash, from the JVM's report. */
  private static String crashSummary(Path report, int exit) {
    String signal = "";
    String frame = "";
    try {
      List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (signal.isEmpty() && line.startsWith("#  SIG")) {
          signal = line.substring(3).strip().split(" ")[0];
        }
        if (line.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
          frame = lines.get(i + 1).substring(1).strip();
        }
      }
    } catch (IOException e) {
      return "exit " + exit + "; its report is unreadable";
    }
    return (signal.isEmpty() ? "exit " + exit : signal)
        + (frame.isEmpty() ? "" : " in " + TerminalText.escape(frame));
  }

  private static String lastLine(String text) {
    String stripped = text.strip();
    String last = stripped.substring(stripped.lastIndexOf('\n') + 1);
    String shown = last.length() > STDERR_TAIL ? last.substring(0, STDERR_TAIL) + "…" : last;
    return TerminalText.escape(shown);
  }

  static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds % 3600 == 0 && seconds > 0
        ? seconds / 3600 + "h"
        : seconds % 60 == 0 && seconds > 0
            ? seconds / 60 + "m"
            : String.format(Locale.ROOT, "%ds", seconds);
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        task -> {
          Thread thread = new Thread(task, "pullgate-walk-output");
          thread.setDaemon(true);
          thread.start();
        });
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A leftover empty directory in the temporary directory harms nothing.
    }
  }
}
