package dev.pullgate.jmh;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.jmh.workload.Probe;
import dev.pullgate.jmh.workload.Probes;
import dev.pullgate.jmh.workload.Scenario;
import dev.pullgate.jmh.workload.Workload;
import java.nio.file.Path;
import org.openjdk.jmh.infra.ThreadParams;

/** How the benchmarks configure engines, and how each thread checks its probes before measuring. */
final class Engines {
  /** Far above any benchmark store, so that no merge ever finds the map full. */
  private static final long MAX_MAP_SIZE = 64L * 1024 * 1024 * 1024;

  private Engines() {}

  /**
   * The engine over the LMDB store in {@code store}, with every default but the caches: with {@code
   * cached}, the record and intent caches hold every record and preloaded image of {@code
   * workload}, so that a checked probe always hits; without, they are off and every decision reads
   * LMDB. Image strings are normalised by the engine's scanner on every decision: there is no
   * parsed-image cache to size.
   */
  static PullGateConfig lmdb(Path store, Workload workload, boolean cached) {
    long preloaded = workload.preloadedImages();
    long images = workload.records() + preloaded;
    return PullGateConfig.builder()
        .storePath(store)
        .storeMaxMapSize(MAX_MAP_SIZE)
        .cacheMaxRecords(cached ? images : 0)
        .cacheMaxIntents(cached ? preloaded : 0)
        .build();
  }

  /** The engine over the LMDB store in {@code store} with every default but the map's limit. */
  static PullGateConfig lmdbWithDefaults(Path store) {
    return PullGateConfig.builder().storePath(store).storeMaxMapSize(MAX_MAP_SIZE).build();
  }

  /**
   * Opens the engine that {@code config} describes and waits until the verification it starts at
   * open has finished: a store above 32 MiB is verified on a background thread that reads all of
   * it, which would otherwise take one of the machine's cores from the first trials.
   */
  static PullGate openVerified(PullGateConfig config) {
    PullGate gate = PullGate.open(config);
    VerificationThreads.awaitIdle();
    return gate;
  }

  /** The engine's default settings, over a store the benchmark opens itself. */
  static PullGateConfig overStore(Workload workload) {
    return PullGateConfig.builder().build();
  }

  /**
   * The probes of this benchmark thread for {@code scenario}, each decided once by {@code gate}
   * with copies of its strings (so that the engine's caches hold other instances than the probes,
   * as they would in an agent) and checked to have the scenario's reason. That pass also warms the
   * caches, and leaves a rotated-secret scenario at its next pass.
   *
   * @throws IllegalStateException naming the first probe decided otherwise
   */
  static Probes checkedProbes(
      PullGate gate, Workload workload, Scenario scenario, ThreadParams threads) {
    Probes probes = scenario.probes(workload, threads.getThreadIndex(), threads.getThreadCount());
    for (int i = 0; i < probes.distinct(); i++) {
      Probe probe = probes.next();
      PullDecision decision =
          gate.mustAttemptImagePull(
              new String(probe.image()), new String(probe.imageRef()), probe.pod());
      if (decision.reason() != scenario.reason()) {
        throw new IllegalStateException(
            scenario
                + " probe of "
                + probe.image()
                + " ("
                + probe.imageRef()
                + ") decided "
                + decision
                + ", expected "
                + scenario.reason());
      }
    }
    return probes;
  }
}
