package dev.pullgate.bench.harness;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.bench.simulate.LatencySummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * One measured cell: {@code threads} threads drive one engine through a warm-up, whose decisions
 * are not recorded, then a measured phase, each timing every decision with {@link
 * System#nanoTime()} into its own histogram; the histograms are added up at the end.
 *
 * <p>The phases are timed by the calling thread, which sleeps between reporting progress. A thread
 * also stops once it has recorded the measured phase's decision limit, when there is one, so that a
 * run can be made of exactly the same decisions whatever the store's speed. A decision is measured
 * when the measured phase had begun before it started.
 */
public final class LatencyRun {
  /** The longest decision a histogram tracks; longer ones are recorded as this. */
  private static final long MAX_TRACKED_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final long REPORT_EVERY_MILLIS = 100;

  private static final int WARMING = 0;
  private static final int MEASURING = 1;
  private static final int STOPPED = 2;

  private final PullGate gate;
  private final PreparedNode node;
  private final Phases phases;
  private final DecisionListener listener;
  private final AtomicInteger phase;

  /**
   * How long a cell runs.
   *
   * @param warmup how long the threads run before anything is measured
   * @param measure how long the measured phase lasts at most
   * @param decisionsPerThread how many decisions each thread measures at most; 0 for no limit
   */
  public record Phases(Duration warmup, Duration measure, long decisionsPerThread) {
    /**
     * Checks the phases.
     *
     * @throws IllegalArgumentException when a duration is negative, the measured phase is empty or
     *     the limit is negative
     */
    public Phases {
      if (warmup.isNegative()) {
        throw new IllegalArgumentException(
            "warmup must not be negative, was " + warmup.toMillis() + " ms");
      }
      if (measure.isNegative() || measure.isZero()) {
        throw new IllegalArgumentException(
            "measure must be positive, was " + measure.toMillis() + " ms");
      }
      if (decisionsPerThread < 0) {
        throw new IllegalArgumentException(
            "decisions must not be negative, was " + decisionsPerThread);
      }
    }
  }

  private LatencyRun(PullGate gate, PreparedNode node, Phases phases, DecisionListener listener) {
    this.gate = gate;
    this.node = node;
    this.phases = phases;
    this.listener = listener;
    // Without a warm-up the first decision is measured, however late the caller's clock notices.
    this.phase = new AtomicInteger(phases.warmup().isZero() ? MEASURING : WARMING);
  }

  /**
   * Runs one cell of {@code threads} node threads on {@code gate}, thread {@code t} drawing its
   * choices from {@code seeds[t]}, and tells {@code elapsedMillis} how far it is a few times a
   * second.
   *
   * @return the measurements, without the cell's adapter and store size
   * @throws BenchFailure when a thread failed; the others are stopped first
   */
  public static Measurement run(
      PullGate gate,
      PreparedNode node,
      long[] seeds,
      Phases phases,
      DecisionListener listener,
      LongConsumer elapsedMillis) {
    return new LatencyRun(gate, node, phases, listener).run(seeds, elapsedMillis);
  }

  /**
   * What a cell measured.
   *
   * @param latency the percentiles of the measured decisions
   * @param measured how long the measured phase lasted
   * @param pulls how many measured decisions told the pod to pull
   * @param storeErrors how many measured decisions failed closed because the store failed
   */
  public record Measurement(
      LatencySummary latency, Duration measured, long pulls, long storeErrors) {}

  private Measurement run(long[] seeds, LongConsumer elapsedMillis) {
    List<Worker> workers = new ArrayList<>(seeds.length);
    for (int t = 0; t < seeds.length; t++) {
      Worker worker = new Worker(t, node.thread(t, seeds.length, seeds[t]));
      workers.add(worker);
    }
    long start = System.nanoTime();
    workers.forEach(Worker::start);
    long measureStart;
    long stopped;
    try {
      waitWhileRunning(workers, start, phases.warmup(), elapsedMillis);
      phase.compareAndSet(WARMING, MEASURING);
      measureStart = System.nanoTime();
      waitWhileRunning(workers, start, phases.warmup().plus(phases.measure()), elapsedMillis);
    } finally {
      phase.set(STOPPED);
      stopped = System.nanoTime();
      workers.forEach(Worker::joinUninterruptibly);
    }
    for (Worker worker : workers) {
      if (worker.failure != null) {
        throw new BenchFailure(
            "benchmark thread " + worker.index + " failed: " + message(worker.failure),
            worker.failure);
      }
    }
    Histogram all = new Histogram(MAX_TRACKED_NANOS, 3);
    long pulls = 0;
    long storeErrors = 0;
    long lastEnd = 0;
    for (Worker worker : workers) {
      all.add(worker.histogram);
      pulls += worker.pulls;
      storeErrors += worker.storeErrors;
      lastEnd = Math.max(lastEnd, worker.lastMeasuredEnd - measureStart);
    }
    // The phase ends with the last measured decision, not when the caller noticed that it had.
    long measuredNanos = Math.max(all.getTotalCount() > 0 ? lastEnd : stopped - measureStart, 1);
    return new Measurement(
        LatencySummary.of(all), Duration.ofNanos(measuredNanos), pulls, storeErrors);
  }

  /**
   * Sleeps until {@code until} after {@code start}, until every worker has stopped or until one has
   * failed, reporting the elapsed time as it goes.
   */
  private void waitWhileRunning(
      List<Worker> workers, long start, Duration until, LongConsumer elapsedMillis) {
    long deadline = start + until.toNanos();
    while (true) {
      long now = System.nanoTime();
      elapsedMillis.accept(TimeUnit.NANOSECONDS.toMillis(now - start));
      if (now >= deadline
          || phase.get() == STOPPED
          || workers.stream().noneMatch(Thread::isAlive)) {
        return;
      }
      long sleep = Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1, REPORT_EVERY_MILLIS);
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchFailure("the benchmark was interrupted", e);
      }
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** One benchmark thread: its node thread, its histogram and its counts. */
  private final class Worker extends Thread {
    final int index;
    final NodeThread nodeThread;
    final Histogram histogram = new Histogram(MAX_TRACKED_NANOS, 3);
    long pulls;
    long storeErrors;
    long lastMeasuredEnd;
    volatile Throwable failure;

    Worker(int index, NodeThread nodeThread) {
      super("pullgate-bench-" + index);
      this.index = index;
      this.nodeThread = nodeThread;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        decide();
      } catch (RuntimeException | Error e) {
        failure = e;
        phase.set(STOPPED);
      }
    }

    private void decide() {
      long measured = 0;
      long limit = phases.decisionsPerThread();
      while (true) {
        int during = phase.get();
        if (during == STOPPED) {
          return;
        }
        Probe probe = nodeThread.next(gate);
        long start = System.nanoTime();
        PullDecision decision =
            gate.mustAttemptImagePull(probe.image(), probe.imageRef(), probe.pod());
        long end = System.nanoTime();
        long took = end - start;
        if (during == MEASURING) {
          lastMeasuredEnd = end;
          histogram.recordValue(Math.min(Math.max(took, 0), MAX_TRACKED_NANOS));
          pulls += decision.mustAttemptPull() ? 1 : 0;
          storeErrors += decision.reason() == DecisionReason.STORE_ERROR ? 1 : 0;
          measured++;
        }
        listener.decided(index, probe, decision);
        nodeThread.decided(gate, probe, decision);
        if (limit > 0 && measured == limit) {
          return;
        }
      }
    }

    void joinUninterruptibly() {
      boolean interrupted = false;
      while (isAlive()) {
        try {
          join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
