package dev.pullgate.jmh;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.jmh.fixture.KubeletStores;
import dev.pullgate.jmh.fixture.StoreCache;
import dev.pullgate.jmh.workload.Probe;
import dev.pullgate.jmh.workload.Probes;
import dev.pullgate.jmh.workload.Scenario;
import dev.pullgate.jmh.workload.Workload;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The decisions of {@link DecisionBenchmark}, by the same engine, over the kubelet's own record
 * storage (one JSON file per record behind the kubelet's LRU caches) instead of LMDB: the baseline
 * the engine's stores are compared with. One secret per image; a kubelet record of 10,000 secrets
 * is a 1 MB JSON file, a shape the kubelet's store was never meant for.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      JvmFlags.ADD_OPENS,
      JvmFlags.JAVA_NIO,
      JvmFlags.ADD_OPENS,
      JvmFlags.SUN_NIO_CH
    })
@Threads(1)
public class KubeletDecisionBenchmark {
  private static final int MAX_RECORDS = 100_000;

  /** The engine over the kubelet's file store, on a scratch copy of the built directory. */
  @State(Scope.Benchmark)
  public static class Node {
    /**
     * How many records the directory holds: 1,000 fit the kubelet's LRU of 2,000 records, which
     * then answers every lookup, misses included; 10,000 do not, so most lookups read and decode a
     * file, and every lookup of a record that does not exist looks for its file.
     */
    @Param({"1000", "10000"})
    public int records;

    Workload workload;
    PullGate gate;
    private Path dir;

    @Setup(Level.Trial)
    public void open() {
      if (records > MAX_RECORDS) {
        // One file per record: a directory of a million files takes many minutes to build.
        throw new IllegalArgumentException(
            "records=" + records + " would write a file per record; at most " + MAX_RECORDS);
      }
      workload = Workload.of(records, 1);
      dir = KubeletStores.copyForWriting(workload);
      gate =
          PullGate.open(
              Engines.overStore(workload), KubeletStores.open(dir), InstantSource.system());
    }

    @TearDown(Level.Trial)
    public void close() {
      try {
        gate.close();
      } finally {
        StoreCache.delete(dir);
      }
    }
  }

  /** One thread's checked probes of a scenario. */
  @State(Scope.Thread)
  public static class Decisions {
    @Param({"SECRET_HASH_MATCH", "SECRET_COORDINATES_MATCH", "NODE_ACCESSIBLE", "PRELOADED"})
    public Scenario scenario;

    PullGate gate;
    Probes probes;

    @Setup(Level.Trial)
    public void check(Node node, ThreadParams threads) {
      gate = node.gate;
      probes = Engines.checkedProbes(gate, node.workload, scenario, threads);
    }
  }

  @Benchmark
  public PullDecision decide(Decisions decisions) {
    Probe probe = decisions.probes.next();
    return decisions.gate.mustAttemptImagePull(probe.image(), probe.imageRef(), probe.pod());
  }

  @Benchmark
  @Threads(2)
  public PullDecision decideTwoThreads(Decisions decisions) {
    Probe probe = decisions.probes.next();
    return decisions.gate.mustAttemptImagePull(probe.image(), probe.imageRef(), probe.pod());
  }
}
