package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-kubelet} of a store that an agent in observed preloaded mode filled: what the
 * kubelet's format cannot hold is left out, and the output says how much.
 */
class ExportObservedStoreTest {
  @TempDir Path dir;

  @Test
  void export_leavesOutPreloadedRecordsAndNames_withANote() {
    Path store = dir.resolve("store");
    OperatorStore.fillObserved(store);
    Path kubelet = dir.resolve("kubelet");

    CliRun run = CliRun.of("export-kubelet", kubelet.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            "Exported 1 pulled record and 1 pull intent from "
                + store
                + " to "
                + kubelet
                + " as kubelet.config.k8s.io/v1beta1",
            "Left out 1 record only observed as preloaded and 1 preloaded image name of exported"
                + " records: the kubelet's format has no place for them (the kubelet takes every"
                + " image without a record for preloaded).");
  }

  @Test
  void export_storeWithoutPreloadedNames_printsNoNote() {
    Path store = dir.resolve("store");
    OperatorStore.fill(store);

    CliRun run =
        CliRun.of("export-kubelet", dir.resolve("kubelet").toString(), "--store", store.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).hasSize(1);
  }
}
