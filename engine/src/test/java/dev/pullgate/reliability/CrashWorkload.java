package dev.pullgate.reliability;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.TestClock;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The crash suite's child process: opens the engine on an LMDB store and runs the seeded crash
 * workload ({@link OpGenerator#crashOp}) from a given operation on, until it is killed. It reports
 * on standard output, one flushed line each, before and after every call:
 *
 * <pre>
 * ready                    started, waiting for its task on standard input
 * opening                  before PullGate.open
 * opened                   after it returned
 * begin K                  before operation K
 * dec K I OUTCOME          after decision I of burst K returned
 * ack K OUTCOME            after operation K returned: what it did is acknowledged
 * error K MESSAGE          an operation failed unexpectedly (the child then exits 3)
 * </pre>
 *
 * <p>Its task, one line on standard input: the store's directory, the seed, the first operation's
 * number, and the {@link EngineVariant}. Operation K runs with the clock at {@link #timeOf(long)
 * timeOf(K)}.
 */
public final class CrashWorkload {
  /** The time of operation 0; operation K runs {@code 10 K} seconds later. */
  static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

  private CrashWorkload() {}

  /** When operation {@code index} runs, in epoch milliseconds. */
  static long timeOf(long index) {
    return T0.toEpochMilli() + index * 10_000;
  }

  /**
   * The configuration of the crash store at {@code store}: {@code variant}'s settings, with the
   * smallest map LMDB accepts, so that the workload grows it again and again.
   */
  static PullGateConfig config(Path dir, EngineVariant variant) {
    return variant.config(dir, LmdbPullRecordStore.Options.MIN_MAP_SIZE);
  }

  /**
   * Waits for one line on standard input, {@code DIR SEED FIRST VARIANT}, then runs the workload:
   * the test starts the next child while the current one runs, so that the JVM's start-up is over
   * by the time its turn comes.
   */
  public static void main(String[] args) throws IOException {
    // Load what every run needs while nobody waits for this child yet.
    OpGenerator.crashOp(0, 0);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    report(out, "ready");
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
    if (line == null) {
      return;
    }
    String[] task = line.split(" ");
    run(
        out,
        Path.of(task[0]),
        Long.parseLong(task[1]),
        Long.parseLong(task[2]),
        EngineVariant.valueOf(task[3]));
  }

  private static void run(PrintStream out, Path dir, long seed, long first, EngineVariant variant) {
    TestClock clock = new TestClock().set(Instant.ofEpochMilli(timeOf(first)));
    report(out, "opening");
    PullGate gate = PullGate.open(config(dir, variant), clock);
    report(out, "opened");
    EngineDriver driver =
        new EngineDriver(
            gate,
            clock,
            ms -> {
              throw new IllegalStateException("the crash workload dates each operation itself");
            });
    for (long k = first; ; k++) {
      Op op = OpGenerator.crashOp(seed, k);
      clock.set(Instant.ofEpochMilli(timeOf(k)));
      report(out, "begin " + k);
      String outcome;
      if (op instanceof Op.Burst burst) {
        for (int i = 0; i < burst.decisions().size(); i++) {
          report(out, "dec " + k + " " + i + " " + driver.decide(burst.decisions().get(i)));
        }
        outcome = driver.apply(new Op.Flush());
      } else {
        outcome = driver.apply(op);
      }
      if (outcome.startsWith("threw") && !outcome.equals(ReferenceModel.REFUSED)) {
        report(out, "error " + k + " " + outcome);
        System.exit(3);
      }
      report(out, "ack " + k + " " + outcome);
    }
  }

  private static void report(PrintStream out, String line) {
    out.print(line + "\n");
    out.flush();
  }
}
