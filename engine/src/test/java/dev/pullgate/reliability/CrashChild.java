package dev.pullgate.reliability;

import dev.pullgate.testing.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CrashWorkload} child JVM: started ahead of its turn, given its task, read line by line,
 * and killed with SIGKILL.
 */
final class CrashChild {
  private static final List<String> FLAGS = new ArrayList<>(ChildJvm.LMDB_FLAGS);

  static {
    FLAGS.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Xss512k"));
  }

  private final Process process;
  private final ChildLines lines;
  private final CompletableFuture<String> stderr;

  private CrashChild(Process process) {
    this.process = process;
    this.lines = new ChildLines(process.getInputStream(), "crash-child-" + process.pid());
    this.stderr = ChildJvm.drain(process.getErrorStream());
  }

  /** Starts a child that waits for its task. */
  static CrashChild start() throws IOException {
    return new CrashChild(ChildJvm.start(FLAGS, CrashWorkload.class, List.of()));
  }

  /** Gives the child its task: the workload from operation {@code first} on the store in dir. */
  void run(Path dir, long seed, long first, EngineVariant variant) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(
        (dir + " " + seed + " " + first + " " + variant.name() + "\n")
            .getBytes(StandardCharsets.US_ASCII));
    in.close();
  }

  ChildLines lines() {
    return lines;
  }

  /** What the child wrote to standard error so far (all of it once it is dead). */
  String stderr() {
    try {
      return process.isAlive() ? stderr.getNow("") : stderr.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Kills the child with SIGKILL and waits until it is gone. Through the process handle, because
   * {@link Process#destroyForcibly()} also closes this end of the child's output and would lose the
   * lines the child wrote just before it died.
   */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
