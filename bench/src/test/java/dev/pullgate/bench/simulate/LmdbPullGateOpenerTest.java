package dev.pullgate.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGateConfig.StoreSync;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbPullGateOpenerTest {
  @TempDir Path dir;

  @Test
  void run_onLmdb_yieldsTheInMemoryOutcome_andLeavesTheRecordsOnDisk() {
    NodeDayScenario scenario = Scenarios.small(5).podStarts(600).build();

    NodeDayOutcome inMemory = Scenarios.run(scenario).outcome();
    NodeDayOutcome lmdb =
        new NodeDaySimulator(scenario, new LmdbPullGateOpener(dir, StoreSync.NO_META_SYNC))
            .run()
            .outcome();

    assertThat(lmdb).isEqualTo(inMemory);
    assertThat(lmdb.restarts()).hasSize(1);
    assertThat(lmdb.oracleViolations()).isZero();
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      assertThat(store.pulledRecordCount()).isEqualTo(lmdb.storedRecords()).isPositive();
      assertThat(store.pullIntentCount()).isEqualTo(lmdb.storedIntents());
    }
  }
}
