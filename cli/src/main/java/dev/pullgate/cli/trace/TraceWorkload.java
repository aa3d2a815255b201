package dev.pullgate.cli.trace;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.bench.harness.BenchFailure;
import dev.pullgate.bench.harness.BenchWorkload;
import dev.pullgate.bench.harness.NodeThread;
import dev.pullgate.bench.harness.PreparedNode;
import dev.pullgate.bench.harness.Probe;
import dev.pullgate.bench.harness.RecordLoader;
import dev.pullgate.bench.harness.SyntheticCatalog;
import dev.pullgate.bench.simulate.PullGateOpener;
import dev.pullgate.credential.PodCredentials;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trace as a {@code pullgate bench} workload: its history builds the store, its checks are the
 * decisions measured.
 *
 * <p>Preparing a store replays the whole trace once through the adapter, as {@code pullgate replay}
 * does (its clock, restarts and prunes included; expectations are checked and counted), then adds
 * the store size's worth of synthetic records under other imageRefs, so that the trace's records
 * sit in a store of that size. The measured threads then ask the trace's {@code check} decisions
 * again and again, in trace order, each thread starting at its own place, with the engine's clock
 * standing at the trace's last time. A trace is one node's history, so it is replayed once; what
 * repeats is its questions, against the state it left.
 */
public final class TraceWorkload implements BenchWorkload {
  private final String name;
  private final Trace trace;
  private final long seed;
  private final List<Probe> probes;
  private final Instant end;

  private TraceWorkload(String name, Trace trace, long seed, List<Probe> probes, Instant end) {
    this.name = name;
    this.trace = trace;
    this.seed = seed;
    this.probes = probes;
    this.end = end;
  }

  /**
   * The workload of {@code trace}, called {@code name} in reports, its synthetic records drawn from
   * {@code seed}.
   *
   * @throws IllegalArgumentException when the trace has no {@code check} to measure
   */
  public static TraceWorkload of(String name, Trace trace, long seed) {
    List<Probe> probes = new ArrayList<>();
    Instant clock = TraceClock.START;
    for (TraceOp op : trace.ops()) {
      if (op instanceof TraceOp.Check c) {
        probes.add(
            new Probe(c.image(), c.imageRef(), PodCredentials.of(c.secrets(), c.serviceAccount())));
      } else if (op instanceof TraceOp.Clock c) {
        clock = c.now() != null ? c.now() : clock.plus(c.advance());
      }
    }
    if (probes.isEmpty()) {
      throw new IllegalArgumentException("the trace has no check op: there is nothing to measure");
    }
    return new TraceWorkload(name, trace, seed, List.copyOf(probes), clock);
  }

  @Override
  public String description() {
    return String.format(
        Locale.ROOT,
        "trace %s: its %,d checks asked again and again after its %,d ops were replayed once,"
            + " beside the store size's worth of synthetic records (seed %d)",
        name,
        probes.size(),
        trace.ops().size(),
        seed);
  }

  @Override
  public PullGateConfig config() {
    return trace.config();
  }

  @Override
  public PreparedNode prepare(PullGateOpener opener, int records) {
    ReplayResult replayed;
    try {
      replayed = Replayer.replay(trace, opener, new PrintWriter(Writer.nullWriter()));
    } catch (EngineOpenException e) {
      throw new BenchFailure("replaying the trace: " + e.getMessage(), e);
    }
    InstantSource clock = InstantSource.fixed(end);
    RecordLoader.load(opener, config(), clock, new SyntheticCatalog(seed, records), records);
    return new Prepared(clock, replayed);
  }

  /** A store with the trace's history in it. */
  private final class Prepared implements PreparedNode {
    private final InstantSource clock;
    private final ReplayResult replayed;

    Prepared(InstantSource clock, ReplayResult replayed) {
      this.clock = clock;
      this.replayed = replayed;
    }

    @Override
    public InstantSource clock() {
      return clock;
    }

    @Override
    public NodeThread thread(int index, int count, long seed) {
      return new Checks((int) ((long) probes.size() * index / count));
    }

    @Override
    public String notes() {
      return "the trace's expectations on replay: " + replayed.closingLine();
    }
  }

  /** One thread's walk through the trace's checks. */
  private final class Checks implements NodeThread {
    private int next;

    Checks(int start) {
      this.next = start;
    }

    @Override
    public Probe next(PullGate gate) {
      Probe probe = probes.get(next);
      next = next + 1 == probes.size() ? 0 : next + 1;
      return probe;
    }

    @Override
    public void decided(PullGate gate, Probe probe, PullDecision decision) {
      // A trace's history is fixed: a decision to pull changes nothing here.
    }
  }
}
