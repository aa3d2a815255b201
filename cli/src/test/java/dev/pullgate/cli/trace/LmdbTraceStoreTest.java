package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGateConfig;
import dev.pullgate.record.PullIntent;
import dev.pullgate.store.PullRecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay store on LMDB: restarts reopen from disk, temporary stores vanish, kept ones stay. */
class LmdbTraceStoreTest {
  @TempDir Path dir;

  @Test
  void temporaryStore_isPrivateAndDeletedOnClose() throws Exception {
    LmdbTraceStore traceStore = LmdbTraceStore.temporary();
    Path directory = traceStore.directory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
        .isEqualTo("rwx------");
    PullRecordStore store = traceStore.open(PullGateConfig.defaults());
    store.writePullIntent(new PullIntent("registry.example/app:v1"));
    store.close();
    PullRecordStore reopened = traceStore.reopen(PullGateConfig.defaults());
    assertThat(reopened.pullIntentExists("registry.example/app:v1")).isTrue();
    reopened.close();
    traceStore.close();
    assertThat(directory).doesNotExist();
  }

  @Test
  void keptStore_staysAfterClose() {
    Path directory = dir.resolve("kept");
    LmdbTraceStore traceStore = LmdbTraceStore.kept(directory);
    traceStore.open(PullGateConfig.defaults()).close();
    traceStore.close();
    assertThat(directory).isDirectory();
  }
}
