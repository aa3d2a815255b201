package dev.pullgate.jmh;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.jmh.fixture.LmdbStores;
import dev.pullgate.jmh.fixture.StoreCache;
import dev.pullgate.jmh.floor.Floor;
import dev.pullgate.jmh.floor.FloorKind;
import dev.pullgate.jmh.workload.Probe;
import dev.pullgate.jmh.workload.Probes;
import dev.pullgate.jmh.workload.Scenario;
import dev.pullgate.jmh.workload.Workload;
import java.nio.file.Path;
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
 * The latency of {@code PullGate.mustAttemptImagePull} over the LMDB store, cached and not, for
 * each kind of decision, beside its floors over the same records, keys and inputs.
 *
 * <ul>
 *   <li>{@code decide}: one decision of a {@link Scenario}, with the record cache on (every probed
 *       record cached: a hit), off (every decision reads LMDB in a read transaction), or at its
 *       default size.
 *   <li>{@code floor}: the same secret-hash-match probes through a {@link FloorKind}: {@code
 *       ConcurrentHashMap.get}, Caffeine's {@code getIfPresent}, lmdbjava's {@code Dbi.get} on the
 *       store's own data file, and the design's own flat decision.
 *   <li>{@code decideTwoThreads} and {@code floorTwoThreads}: the same with two threads, each
 *       visiting its own half of the records, to show how they scale.
 * </ul>
 *
 * <p>Every thread's probes are decided once before measuring and must all have their scenario's
 * reason (every floor must find every record), so a broken workload or store fails the trial
 * instead of measuring something else. The engine runs over a scratch copy of the built store,
 * since rotated secrets change records.
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
public class DecisionBenchmark {

  /** The node's shape and its workload. */
  @State(Scope.Benchmark)
  public static class Node {
    /** How many pulled records the store holds. */
    @Param({"1000", "100000", "1000000"})
    public int records;

    /** How many secrets each private image's record holds. */
    @Param({"1", "100", "10000"})
    public int secretsPerImage;

    Workload workload;

    /**
     * Generates the workload of a measured shape, and rejects the others at once (JMH has no way to
     * leave out combinations of parameters, so each rejected one prints a one-line failure).
     *
     * <p>Shapes vary one dimension at a time from the smallest: secrets per image at 1,000 records,
     * records at one secret per image. The mixed shapes would store from 7.5 million to 7.5 billion
     * secrets (0.6 GB to 640 GB of LMDB, and several GB of decoded records in the cache) without
     * showing anything the two sweeps do not.
     */
    @Setup(Level.Trial)
    public void generate() {
      if (records != 1000 && secretsPerImage != 1) {
        throw new ShapeNotMeasured(records, secretsPerImage);
      }
      workload = Workload.of(records, secretsPerImage);
    }
  }

  /** The engine over a scratch copy of the built store. */
  @State(Scope.Benchmark)
  public static class Engine {
    /**
     * Whether the record and intent caches hold every record ({@code on}), are off, or have their
     * default sizes ({@code default}: 100,000 records and 10,000 intents, the engine as an agent
     * gets it).
     */
    @Param({"on", "off", "default"})
    public String cache;

    PullGate gate;
    private Path store;

    @Setup(Level.Trial)
    public void open(Node node) {
      store = LmdbStores.copyForWriting(node.workload);
      gate =
          Engines.openVerified(
              switch (cache) {
                case "on" -> Engines.lmdb(store, node.workload, true);
                case "off" -> Engines.lmdb(store, node.workload, false);
                case "default" -> Engines.lmdbWithDefaults(store);
                default ->
                    throw new IllegalArgumentException(
                        "cache must be on, off or default, was " + cache);
              });
    }

    @TearDown(Level.Trial)
    public void close() {
      try {
        gate.close();
      } finally {
        StoreCache.delete(store);
      }
    }
  }

  /** One thread's checked probes of a scenario. */
  @State(Scope.Thread)
  public static class Decisions {
    @Param({
      "SECRET_HASH_MATCH",
      "HOT_SECRET_HASH_MATCH",
      "SECRET_COORDINATES_MATCH",
      "NODE_ACCESSIBLE",
      "PRELOADED"
    })
    public Scenario scenario;

    PullGate gate;
    Probes probes;

    @Setup(Level.Trial)
    public void check(Node node, Engine engine, ThreadParams threads) {
      gate = engine.gate;
      probes = Engines.checkedProbes(gate, node.workload, scenario, threads);
    }
  }

  /** A floor over the records that the secret-hash-match probes visit. */
  @State(Scope.Benchmark)
  public static class Floors {
    @Param({"CONCURRENT_HASH_MAP", "CAFFEINE", "LMDB_GET", "FLAT_DECISION"})
    public FloorKind floor;

    Floor shared;

    @Setup(Level.Trial)
    public void build(Node node) {
      shared = floor.create(node.workload, Scenario.SECRET_HASH_MATCH.order(node.workload));
    }

    @TearDown(Level.Trial)
    public void close() {
      shared.close();
    }
  }

  /** One thread's secret-hash-match probes over a floor, each checked to find its record. */
  @State(Scope.Thread)
  public static class FloorProbes {
    Floor floor;
    Probes probes;

    @Setup(Level.Trial)
    public void check(Node node, Floors floors, ThreadParams threads) {
      floor = floors.shared.forThread();
      probes =
          Scenario.SECRET_HASH_MATCH.probes(
              node.workload, threads.getThreadIndex(), threads.getThreadCount());
      for (int i = 0; i < probes.distinct(); i++) {
        Probe probe = probes.next();
        if (floor.mustAttemptPull(probe)) {
          throw new IllegalStateException(
              floors.floor + " does not let the pod use " + probe.imageRef());
        }
      }
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

  @Benchmark
  public boolean floor(FloorProbes floors) {
    return floors.floor.mustAttemptPull(floors.probes.next());
  }

  @Benchmark
  @Threads(2)
  public boolean floorTwoThreads(FloorProbes floors) {
    return floors.floor.mustAttemptPull(floors.probes.next());
  }

  /** A shape of node this benchmark leaves out; no stack trace, its message says it all. */
  static final class ShapeNotMeasured extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShapeNotMeasured(int records, int secretsPerImage) {
      super(
          "records="
              + records
              + " with secretsPerImage="
              + secretsPerImage
              + " is left out: shapes vary one dimension at a time (records=1000 or"
              + " secretsPerImage=1)",
          null,
          false,
          false);
    }
  }
}
