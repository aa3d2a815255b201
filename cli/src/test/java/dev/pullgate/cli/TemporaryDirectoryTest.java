package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The private temporary directories that replay and simulate keep their stores in. */
class TemporaryDirectoryTest {

  @Test
  void create_isOwnerOnly_andCloseDeletesEverythingInIt() throws Exception {
    Path path;
    try (TemporaryDirectory temporary = TemporaryDirectory.create("pullgate-test-")) {
      path = temporary.path();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
          .isEqualTo("rwx------");
      Files.writeString(Files.createDirectories(path.resolve("store")).resolve("data.mdb"), "x");
    }
    assertThat(path).doesNotExist();
  }
}
