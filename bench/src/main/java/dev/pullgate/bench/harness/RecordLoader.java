package dev.pullgate.bench.harness;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.bench.simulate.PullGateOpener;
import dev.pullgate.record.PulledRecord;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a store with the records of a {@link SyntheticCatalog} through the engine's bulk path
 * ({@link PullGate#importRecords}), a batch at a time, so that no store of any size is held in
 * memory whole.
 */
public final class RecordLoader {
  /** How many records one call of the bulk path stores. */
  static final int BATCH = 10_000;

  private RecordLoader() {}

  /**
   * Stores the records of the first {@code records} images of {@code catalog} through an engine
   * that {@code opener} opens with {@code config}, closed before returning.
   *
   * @throws BenchFailure when the engine cannot be opened
   */
  public static void load(
      PullGateOpener opener,
      PullGateConfig config,
      InstantSource clock,
      SyntheticCatalog catalog,
      int records) {
    try (PullGate gate = Engines.open(opener, config, clock)) {
      List<PulledRecord> batch = new ArrayList<>(Math.min(BATCH, records));
      for (int i = 0; i < records; i++) {
        batch.add(catalog.record(i));
        if (batch.size() == BATCH || i == records - 1) {
          gate.importRecords(batch, List.of());
          batch.clear();
        }
      }
    }
  }
}
