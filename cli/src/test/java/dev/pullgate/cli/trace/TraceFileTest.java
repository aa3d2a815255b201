package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a trace file is split into numbered lines. */
class TraceFileTest {

  @Test
  void lines_lfAndCrlfTerminators_splitWithoutTerminators() throws Exception {
    assertThat(TraceFile.lines(bytes("a\r\nb\n\nc"))).containsExactly("a", "b", "", "c");
  }

  @Test
  void lines_finalTerminator_addsNoEmptyLine() throws Exception {
    assertThat(TraceFile.lines(bytes("a\nb\n"))).containsExactly("a", "b");
  }

  @Test
  void lines_byteOrderMark_isDropped() throws Exception {
    assertThat(TraceFile.lines(bytes("\uFEFFa\n"))).containsExactly("a");
  }

  @Test
  void lines_nonAsciiUtf8_isDecoded() throws Exception {
    assertThat(TraceFile.lines(bytes("é\n"))).containsExactly("é");
  }

  @Test
  void lines_invalidUtf8_namesItsLine() {
    byte[] input = {'a', '\n', 'b', '\n', (byte) 0xFF, '\n'};

    assertThatThrownBy(() -> TraceFile.lines(input))
        .isInstanceOf(TraceFormatException.class)
        .hasMessage("line 3: not valid UTF-8")
        .extracting(e -> ((TraceFormatException) e).line())
        .isEqualTo(3);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
