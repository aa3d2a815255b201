package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.kubelet.KubeletApiVersion;
import dev.pullgate.kubelet.KubeletRecordDirectory;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-kubelet} and {@code export-kubelet} on a file system that fills up: a 256 KiB
 * tmpfs, mounted for the test where the test may mount (as root on Linux) and skipped elsewhere.
 * Both say what failed, where and why, exit 2, and never point at damaged values.
 */
class FullDiskTest {
  @TempDir Path dir;
  private Path full;
  private boolean mounted;

  @BeforeEach
  void mountSmallFileSystem() throws Exception {
    full = Files.createDirectories(dir.resolve("full"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", full.toString())
            .redirectErrorStream(true)
            .start();
    mount.getInputStream().readAllBytes();
    mounted = mount.waitFor() == 0;
    assumeTrue(mounted, "mounting a tmpfs is needed for this test");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      assertThat(new ProcessBuilder("umount", full.toString()).start().waitFor()).isZero();
    }
  }

  @Test
  void importKubelet_ontoAFullDisk_saysSoAndExits2() {
    Path kubelet = kubeletDirectory(dir.resolve("kubelet"));
    Path store = full.resolve("store");

    CliRun run = CliRun.of("import-kubelet", kubelet.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .startsWith("pullgate import-kubelet: could not write the store at " + store + ": ")
        .containsIgnoringCase("no space left on device")
        .contains("What was imported before it stays")
        .doesNotContain("verify");
    // LMDB may report a full disk as EIO after a short write: the CLI then looks at the disk.
    assertThat(DiskSpace.fullNote("write failed: LMDB error: EIO", store))
        .matches("; the file system holding it has [0-9,]+ bytes free: no space left on device");
    assertThat(DiskSpace.fullNote("write failed: LMDB error: EIO", dir)).isEmpty();
  }

  @Test
  void exportKubelet_ontoAFullDisk_namesTheFileAndTheReasonAndExits2() {
    Path source = dir.resolve("source");
    assertThat(
            CliRun.of(
                    "import-kubelet",
                    kubeletDirectory(dir.resolve("kubelet")).toString(),
                    "--store",
                    source.toString())
                .exitCode())
        .isZero();
    Path target = full.resolve("kubelet");

    CliRun run = CliRun.of("export-kubelet", target.toString(), "--store", source.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .startsWith("pullgate export-kubelet: could not write " + target.resolve("pulled"))
        .contains("(No space left on device)")
        .contains("empty its pulled/ and pulling/ before exporting again")
        .doesNotContain("IOException")
        .doesNotContain("verify");
  }

  /** A kubelet directory of 300 records of 20 secrets each, about 700 KiB. */
  private static Path kubeletDirectory(Path root) {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < 300; i++) {
      List<CredentialSet.Secret> secrets = new ArrayList<>();
      Instant time = Instant.parse("2025-06-01T10:00:00Z");
      for (int j = 0; j < 20; j++) {
        byte[] hash = new byte[CredentialHash.LENGTH];
        hash[0] = (byte) i;
        hash[1] = (byte) j;
        secrets.add(
            CredentialSet.Secret.of(
                SecretCredential.of(
                    "uid-" + i + "-" + j, "ns-" + j, "regcred", CredentialHash.of(hash)),
                time));
      }
      PulledRecord record =
          new PulledRecord(
              "sha256:" + hex.formatHex(new byte[32]).substring(3) + String.format("%03d", i),
              time,
              Map.of("registry.example/team/app" + i, CredentialSet.of(secrets, List.of())));
      directory.writePulledRecord(record, KubeletApiVersion.V1BETA1);
    }
    return root;
  }
}
