package dev.pullgate.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Text files read as lines within limits, so that no input can exhaust memory. */
class LineFileTest {

  @Test
  void read_splitsAtLf_dropsCrAndByteOrderMark() throws Exception {
    assertThat(read("\uFEFFa\r\nb\n\nc", 10, 100)).containsExactly("a", "b", "", "c");
    assertThat(read("a\nb\n", 10, 100)).containsExactly("a", "b");
  }

  @Test
  void read_lineLongerThanTheLimit_isRefusedNamingTheLine() throws Exception {
    assertThatThrownBy(() -> read("ok\n12345678901\n", 10, 100))
        .isInstanceOf(LineFileException.class)
        .hasMessage("longer than 10 bytes, the limit for a line; nothing was used")
        .extracting(e -> ((LineFileException) e).line())
        .isEqualTo(2);
    assertThat(read("1234567890\n", 10, 100)).containsExactly("1234567890");
  }

  @Test
  void read_fileLargerThanTheLimit_isRefusedNamingTheLineReached() {
    assertThatThrownBy(() -> read("a\n".repeat(600), 10, 1024))
        .isInstanceOf(LineFileException.class)
        .hasMessage("the file is larger than 1 KiB (1,024 bytes), the limit; nothing was used");
  }

  @Test
  void read_endlessInputWithoutLineBreaks_stopsAtTheLineLimit() {
    InputStream zeros =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
          }
        };

    LineFileException e =
        Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                Assertions.assertThrows(
                    LineFileException.class, () -> LineFile.read(zeros, 1 << 20, 64L << 20)));
    assertThat(e.line()).isEqualTo(1);
    assertThat(e).hasMessageStartingWith("longer than 1 MiB (1,048,576 bytes)");
  }

  @Test
  void read_invalidUtf8_namesItsLine() {
    byte[] input = {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'};

    assertThatThrownBy(() -> LineFile.read(new ByteArrayInputStream(input), 10, 100))
        .isInstanceOf(LineFileException.class)
        .hasMessage("not valid UTF-8")
        .extracting(ex -> ((LineFileException) ex).line())
        .isEqualTo(2);
  }

  private static List<String> read(String text, int maxLine, long maxFile)
      throws IOException, LineFileException {
    return LineFile.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLine, maxFile);
  }
}
