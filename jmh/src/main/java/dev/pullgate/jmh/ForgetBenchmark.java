package dev.pullgate.jmh;

import dev.pullgate.PullGate;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.jmh.fixture.LmdbStores;
import dev.pullgate.jmh.fixture.Records;
import dev.pullgate.jmh.fixture.StoreCache;
import dev.pullgate.jmh.workload.Workload;
import dev.pullgate.record.PulledRecord;
import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code PullGate.forgetSecret} costs when the secret is held by {@code holders} records of a
 * store of {@code records}: found through the store's index, each holder rewritten, all in one
 * durable commit. The cost should follow the holders, not the store's size.
 *
 * <p>Before each call (outside the measurement) the holders get the secret back, in one bulk write
 * through {@code importRecords}; the trial fails unless the first forget removes exactly {@code
 * holders} entries. The engine runs over a scratch copy of the built store.
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
public class ForgetBenchmark {
  /** The secret that the holders share and every call forgets. */
  static final SecretCredential FORGOTTEN =
      SecretCredential.of(
          "0f0f0f0f-dead-4bee-8f00-000000000001",
          "ns-forgotten",
          "regcred",
          CredentialHash.of(new RegistryAuth("forgotten-robot", "forgotten-password", "")));

  /** The engine over a scratch copy of a built store, and the records that hold the secret. */
  @State(Scope.Benchmark)
  public static class Store {
    /** How many pulled records the store holds. */
    @Param({"10000", "100000"})
    public int records;

    /** How many of them hold the forgotten secret. */
    @Param({"1", "10", "100", "1000"})
    public int holders;

    PullGate gate;
    private List<PulledRecord> holding;
    private Path dir;

    @Setup(Level.Trial)
    public void open() {
      Workload workload = Workload.of(records, 1);
      holding = Records.holding(workload, holders, FORGOTTEN);
      dir = LmdbStores.copyForWriting(workload);
      gate = Engines.openVerified(Engines.lmdbWithDefaults(dir));
      restore();
      int removed = gate.forgetSecret(FORGOTTEN.coordinates().uid());
      if (removed != holders) {
        throw new IllegalStateException(
            "forgetting the secret of " + holders + " records removed " + removed + " entries");
      }
    }

    /** Gives the holders the secret again, in one bulk write. */
    @Setup(Level.Invocation)
    public void restore() {
      gate.importRecords(holding, List.of());
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

  @Benchmark
  public int forgetSecret(Store store) {
    return store.gate.forgetSecret(FORGOTTEN.coordinates().uid());
  }
}
