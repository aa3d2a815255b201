package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreLockedException;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer lock belongs to the process: a second open refused inside the writing JVM must not
 * release it, or another process could open the store for writing beside the agent.
 */
class WriterLockProcessTest {
  @TempDir Path tmp;

  @Test
  void refusedSecondOpenInTheWritingJvm_keepsOtherProcessesOut() throws Exception {
    Path dir = tmp.resolve("store");
    try (LmdbPullRecordStore agent = LmdbPullRecordStore.open(dir)) {
      agent.write(Update.putRecord(richRecord("sha256:before", T0)));
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> LmdbPullRecordStore.open(dir))
            .isInstanceOf(StoreLockedException.class)
            .hasMessageContaining("already open for writing in this JVM");
      }

      ChildJvm.Result other = ChildJvm.run(StoreOpenProcess.class, List.of("write=" + dir));

      assertThat(other.exitCode()).as(other.describe()).isZero();
      assertThat(other.lines())
          .as(other.describe())
          .singleElement()
          .asString()
          .startsWith("refused StoreLockedException ")
          .contains("open for writing by another process");
      agent.write(Update.putRecord(richRecord("sha256:after", T0)));
      assertThat(agent.pulledRecord("sha256:before")).isPresent();
      assertThat(agent.pulledRecord("sha256:after")).isPresent();
    }
  }

  @Test
  void lockReleasedByClose_admitsTheNextWriterInThisJvm() {
    Path dir = tmp.resolve("store");
    LmdbPullRecordStore.open(dir).close();
    try (LmdbPullRecordStore again = LmdbPullRecordStore.open(dir)) {
      again.write(Update.putRecord(richRecord("sha256:again", T0)));
      assertThat(again.pulledRecordCount()).isOne();
    }
  }
}
