package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.error.PullGateException;
import dev.pullgate.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM started without the flags lmdbjava needs is told which flags, not lmdbjava's error. */
class MissingJvmFlagsTest {
  @TempDir Path dir;

  @Test
  void openWithoutAddOpens_throwsPullGateExceptionNamingBothFlags() throws Exception {
    ChildJvm.Result result =
        ChildJvm.run(List.of(), OpenStore.class, List.of(dir.resolve("store").toString()));

    assertThat(result.lines()).as(result.describe()).hasSize(1);
    assertThat(result.lines().get(0))
        .startsWith(PullGateException.class.getSimpleName() + ":")
        .contains("--add-opens java.base/java.nio=ALL-UNNAMED")
        .contains("--add-opens java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  /** Opens a store and prints the type and message of what it throws. */
  public static final class OpenStore {
    private OpenStore() {}

    public static void main(String[] args) {
      try {
        LmdbPullRecordStore.open(Path.of(args[0])).close();
        System.out.println("opened");
      } catch (RuntimeException | Error e) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
