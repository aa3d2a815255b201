package dev.pullgate.jmh;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.jmh.fixture.LmdbStores;
import dev.pullgate.jmh.fixture.RawLmdb;
import dev.pullgate.jmh.fixture.StoreCache;
import dev.pullgate.jmh.workload.Probe;
import dev.pullgate.jmh.workload.Probes;
import dev.pullgate.jmh.workload.Scenario;
import dev.pullgate.jmh.workload.Workload;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What the engine's writes cost, beside a bare LMDB commit.
 *
 * <ul>
 *   <li>{@code recordImagePulled*}: a durable {@code recordImagePulled} of a new imageRef, per call
 *       and per thread, at 1, 16 and 64 threads; concurrent calls share commits.
 *   <li>{@code bulkWrite}: records written through the store's bulk API in batches of {@value
 *       #BATCH}, reported per record.
 *   <li>{@code deferredMerges}: decisions that each rotate a secret (a merge the caller does not
 *       wait for), then a flush that waits until they are all durable, reported per decision.
 *   <li>{@code bareLmdbCommit}: the floor: one lmdbjava write transaction of one value, committed
 *       with a sync, on an environment of its own.
 * </ul>
 *
 * <p>Each trial writes into a scratch store that it deletes afterwards.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
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
public class StoreWriteBenchmark {
  static final int BATCH = 10_000;
  static final int MERGES = 1_024;
  private static final int BULK_BATCHES = 8;
  private static final int BARE_KEYS = 1_024;
  private static final int RECORD_BYTES = 200;

  /** An engine with default settings over an empty store, which each pull grows by a record. */
  @State(Scope.Benchmark)
  public static class EmptyEngine {
    final Workload images = Workload.of(4096, 1);
    PullGate gate;
    private Path dir;

    @Setup(Level.Trial)
    public void open() {
      dir = LmdbStores.emptyForWriting();
      gate = PullGate.open(PullGateConfig.builder().storePath(dir).build());
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

  /**
   * One thread's pulls: private images of the workload in turn, each with its pod's secret, and a
   * new imageRef for every call ({@code sha256:}, the thread's number, a counter). Making the
   * imageRef string costs tens of nanoseconds, nothing beside a durable commit; building them all
   * before measuring would need millions.
   */
  @State(Scope.Thread)
  public static class Pulls {
    private static final HexFormat HEX = HexFormat.of();

    private String[] images;
    private PullCredentials[] credentials;
    private int mask;
    private String prefix;
    private long count;

    @Setup(Level.Trial)
    public void prepare(EmptyEngine engine, ThreadParams threads) {
      Workload workload = engine.images;
      int[] order = Scenario.SECRET_HASH_MATCH.order(workload);
      images = new String[order.length];
      credentials = new PullCredentials[order.length];
      for (int i = 0; i < order.length; i++) {
        images[i] = workload.image(order[i]);
        credentials[i] =
            PullCredentials.secret(workload.secret(workload.matchingNamespace(order[i])));
      }
      mask = order.length - 1;
      // Threads start on different images, so they rarely wait for one image's lock.
      count = (long) threads.getThreadIndex() * (order.length / threads.getThreadCount());
      prefix = "sha256:" + HEX.toHexDigits((long) threads.getThreadIndex()) + "0".repeat(32);
    }

    /** The image of the next pull. */
    int next() {
      return (int) count & mask;
    }

    /** An imageRef no earlier call of any thread used. */
    String newImageRef() {
      return prefix + HEX.toHexDigits(count++);
    }
  }

  /** The bulk writer and its batches, built before measuring. */
  @State(Scope.Benchmark)
  public static class Bulk {
    LmdbStores.BulkWriter writer;
    int next;

    @Setup(Level.Trial)
    public void prepare() {
      writer = new LmdbStores.BulkWriter(BULK_BATCHES, BATCH);
    }

    @TearDown(Level.Trial)
    public void close() {
      writer.close();
    }
  }

  /** The engine over a scratch copy of a built store, for decisions that merge. */
  @State(Scope.Benchmark)
  public static class MergingEngine {
    /**
     * How many records the store holds: enough that each flush commits {@value
     * StoreWriteBenchmark#MERGES} distinct records, none coalesced with another merge of the same
     * record.
     */
    @Param({"100000"})
    public int records;

    Workload workload;
    PullGate gate;
    private Path dir;

    @Setup(Level.Trial)
    public void open() {
      workload = Workload.of(records, 1);
      dir = LmdbStores.copyForWriting(workload);
      gate = Engines.openVerified(Engines.lmdb(dir, workload, true));
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

  /** One thread's rotated-secret probes, checked to merge. */
  @State(Scope.Thread)
  public static class Rotations {
    Probes probes;

    @Setup(Level.Trial)
    public void check(MergingEngine engine, ThreadParams threads) {
      probes =
          Engines.checkedProbes(
              engine.gate, engine.workload, Scenario.SECRET_COORDINATES_MATCH, threads);
      engine.gate.flush();
    }
  }

  /** An lmdbjava environment of its own, a fixed set of keys and a record-sized value. */
  @State(Scope.Benchmark)
  public static class BareCommits {
    RawLmdb.Writer writer;
    ByteBuffer[] keys;
    ByteBuffer value;
    int next;

    @Setup(Level.Trial)
    public void open() {
      writer = new RawLmdb.Writer();
      keys = new ByteBuffer[BARE_KEYS];
      Workload workload = Workload.of(BARE_KEYS, 1);
      for (int i = 0; i < BARE_KEYS; i++) {
        keys[i] = RawLmdb.key(workload.imageRef(i));
      }
      value = ByteBuffer.allocateDirect(RECORD_BYTES);
    }

    @TearDown(Level.Trial)
    public void close() {
      writer.close();
    }
  }

  @Benchmark
  public void recordImagePulled(EmptyEngine engine, Pulls pulls) {
    pull(engine, pulls);
  }

  @Benchmark
  @Threads(16)
  public void recordImagePulled16Threads(EmptyEngine engine, Pulls pulls) {
    pull(engine, pulls);
  }

  @Benchmark
  @Threads(64)
  public void recordImagePulled64Threads(EmptyEngine engine, Pulls pulls) {
    pull(engine, pulls);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void bulkWrite(Bulk bulk) {
    bulk.writer.write(bulk.next++);
  }

  @Benchmark
  @OperationsPerInvocation(MERGES)
  public void deferredMerges(MergingEngine engine, Rotations rotations, Blackhole blackhole) {
    for (int i = 0; i < MERGES; i++) {
      Probe probe = rotations.probes.next();
      blackhole.consume(
          engine.gate.mustAttemptImagePull(probe.image(), probe.imageRef(), probe.pod()));
    }
    engine.gate.flush();
  }

  @Benchmark
  public void bareLmdbCommit(BareCommits commits) {
    commits.writer.putAndCommit(commits.keys[commits.next++ & (BARE_KEYS - 1)], commits.value);
  }

  private static void pull(EmptyEngine engine, Pulls pulls) {
    int i = pulls.next();
    engine.gate.recordImagePulled(pulls.images[i], pulls.newImageRef(), pulls.credentials[i]);
  }
}
