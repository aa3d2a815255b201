package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pullgate.error.StoreLockedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refused second writer gets the typed exception that names the held lock file. */
class StoreLockedExceptionTest {
  @TempDir Path dir;

  @Test
  void secondWriter_getsStoreLockedException_namingTheLockFile() throws Exception {
    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(dir)) {
      StoreLockedException e =
          catchThrowableOfType(StoreLockedException.class, () -> LmdbPullRecordStore.open(dir));

      Path lockFile = dir.toRealPath().resolve(StoreDirectory.WRITER_LOCK_FILE);
      assertThat(e.lockFile()).isEqualTo(lockFile);
      assertThat(e).hasMessageContaining(lockFile.toString());
    }
    LmdbPullRecordStore.open(dir).close();
  }
}
