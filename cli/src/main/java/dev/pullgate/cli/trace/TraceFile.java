package dev.pullgate.cli.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trace file as its lines, decoding UTF-8 strictly so that a bad byte is reported with its
 * line number rather than silently replaced. Lines end at LF; a CR before it is dropped, and so is
 * a byte order mark at the very start.
 */
public final class TraceFile {
  private TraceFile() {}

  /**
   * The lines of the file at {@code path}.
   *
   * @throws IOException when the file cannot be read
   * @throws TraceFormatException when a line is not valid UTF-8
   */
  public static List<String> readLines(Path path) throws IOException, TraceFormatException {
    return lines(Files.readAllBytes(path));
  }

  /** The lines of {@code bytes}, as {@link #readLines} splits them. */
  static List<String> lines(byte[] bytes) throws TraceFormatException {
    List<String> lines = new ArrayList<>();
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    while (start <= bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      if (end == bytes.length && start == end && !lines.isEmpty()) {
        break; // the file ends with a line terminator: no extra empty line
      }
      int contentEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      try {
        lines.add(decoder.decode(ByteBuffer.wrap(bytes, start, contentEnd - start)).toString());
      } catch (CharacterCodingException e) {
        throw new TraceFormatException(lines.size() + 1, "not valid UTF-8");
      }
      start = end + 1;
    }
    return lines;
  }
}
