package dev.pullgate.store.lmdb;

import dev.pullgate.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs batches of corruption trials in child JVMs ({@link CorruptionTrialProcess}) and collects
 * what each trial reported. When a child dies in the middle of a trial (a native crash of LMDB, any
 * abnormal exit) or stops reporting for {@link #STEP_TIMEOUT_SECONDS}, that trial is recorded as
 * crashed or hung, with the step it was in, and a new child runs the trials that remain.
 */
final class TrialChildren {
  /** How long one step of a trial may take before the child is taken for hung. */
  static final long STEP_TIMEOUT_SECONDS = 120;

  private static final String END = "\u0000end";
  private static final int STDERR_TAIL = 4096;

  private final Path errorFiles;

  /** Children that write their crash reports ({@code hs_err}) into {@code errorFiles}. */
  TrialChildren(Path errorFiles) {
    this.errorFiles = errorFiles;
  }

  /**
   * What a trial reported.
   *
   * @param lines the lines from {@code start} to {@code done}, or as far as the child got
   * @param failure null when the trial ran to its end; else how the child ended in it
   */
  record Report(List<String> lines, String failure) {
    /** The last {@code phase} the trial entered. */
    String phase() {
      String phase = "start";
      for (String line : lines) {
        if (line.startsWith("phase ")) {
          phase = line.substring(line.lastIndexOf(' ') + 1);
        }
      }
      return phase;
    }
  }

  /** Runs the trials {@code dirs} (by id, in order) and returns each one's report. */
  Map<String, Report> run(Map<String, Path> dirs) throws IOException, InterruptedException {
    Map<String, Report> reports = new LinkedHashMap<>();
    List<String> remaining = new ArrayList<>(dirs.keySet());
    while (!remaining.isEmpty()) {
      runChild(remaining, dirs, reports);
      remaining.removeIf(reports::containsKey);
    }
    return reports;
  }

  private void runChild(List<String> ids, Map<String, Path> dirs, Map<String, Report> reports)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ChildJvm.LMDB_FLAGS);
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-XX:-CreateCoredumpOnCrash",
            "-XX:ErrorFile=" + errorFiles.resolve("hs_err_pid%p.log"),
            "-cp",
            System.getProperty("java.class.path"),
            CorruptionTrialProcess.class.getName()));
    for (String id : ids) {
      command.add(id + "=" + dirs.get(id));
    }
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = daemon(() -> readLines(process, lines));
    StringBuilder stderr = new StringBuilder();
    Thread errors = daemon(() -> tail(process.getErrorStream(), stderr));
    String current = null;
    List<String> trialLines = new ArrayList<>();
    while (true) {
      String line = lines.poll(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        process.destroyForcibly().waitFor();
        if (current != null) {
          reports.put(
              current,
              new Report(trialLines, "hung: no progress for " + STEP_TIMEOUT_SECONDS + " s"));
        } else {
          throw new AssertionError("a trial child hung before its first trial");
        }
        return;
      }
      if (line.equals(END)) {
        break;
      }
      if (line.startsWith("start ")) {
        current = line.substring(6);
        trialLines = new ArrayList<>();
      }
      trialLines.add(line);
      if (line.equals("done " + current)) {
        reports.put(current, new Report(trialLines, null));
        current = null;
      }
    }
    int exit = process.waitFor();
    reader.join();
    errors.join();
    if (current != null) {
      reports.put(current, new Report(trialLines, died(process.pid(), exit, stderr)));
    } else if (exit != 0 || !reports.keySet().containsAll(ids)) {
      throw new AssertionError(
          "a trial child exited " + exit + " between trials; stderr:\n" + stderr);
    }
  }

  /** How the child with {@code pid} died: its exit status and, after a crash, what crashed. */
  private String died(long pid, int exit, CharSequence stderr) {
    String how =
        exit > 128 ? "killed by signal " + (exit - 128) + " (exit " + exit + ")" : "exit " + exit;
    Optional<String> frame = problematicFrame(pid);
    if (frame.isPresent()) {
      return "crashed: " + how + ", " + frame.get();
    }
    String tail = stderr.toString().strip();
    int last = tail.lastIndexOf('\n');
    return "died: " + how + (tail.isEmpty() ? "" : "; stderr ends: " + tail.substring(last + 1));
  }

  /** The signal and the frame that crashed, from the JVM's error report of {@code pid}. */
  private Optional<String> problematicFrame(long pid) {
    Path report = errorFiles.resolve("hs_err_pid" + pid + ".log");
    if (!Files.exists(report)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
      String signal = "";
      String frame = "";
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("#  SIG") && signal.isEmpty()) {
          signal = line.substring(3).strip();
          int comma = signal.indexOf(',');
          signal = comma < 0 ? signal : signal.substring(0, comma);
        }
        if (line.startsWith("# Problematic frame:") && i + 1 < lines.size()) {
          frame = lines.get(i + 1).substring(1).strip();
        }
      }
      return Optional.of(signal + " in " + frame);
    } catch (IOException e) {
      return Optional.of("(error report unreadable: " + e + ")");
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "trial-child-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void readLines(Process process, BlockingQueue<String> lines) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("reader failed " + e);
    } finally {
      lines.add(END);
    }
  }

  /** Keeps the last {@value #STDERR_TAIL} characters of {@code in} in {@code tail}. */
  private static void tail(InputStream in, StringBuilder tail) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (tail) {
          tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          if (tail.length() > 2 * STDERR_TAIL) {
            tail.delete(0, tail.length() - STDERR_TAIL);
          }
        }
      }
    } catch (IOException e) {
      // The child is gone; what was read is what there is.
    }
  }
}
