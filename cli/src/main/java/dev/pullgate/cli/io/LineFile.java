package dev.pullgate.cli.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a UTF-8 text file as its lines, within limits, so that no input (a huge file, {@code
 * /dev/zero}, a pipe that never ends a line) can exhaust memory: a line longer than {@code
 * maxLineBytes} or a file longer than {@code maxFileBytes} stops reading with a {@link
 * LineFileException} naming the line. The file is streamed, so a pipe ({@code <(command)}) works.
 *
 * <p>Lines end at LF; a CR before it is dropped, and so is a byte order mark at the very start.
 * Each line is decoded strictly, so that a bad byte is reported with its line number rather than
 * silently replaced. A final line terminator adds no empty line.
 */
public final class LineFile {
  private static final int BUFFER = 64 * 1024;

  private LineFile() {}

  /**
   * The lines of the file at {@code path}, each at most {@code maxLineBytes} bytes, the whole at
   * most {@code maxFileBytes}.
   *
   * @throws IOException when the file cannot be read
   * @throws LineFileException when a line is not valid UTF-8 or a limit is passed
   */
  public static List<String> read(Path path, int maxLineBytes, long maxFileBytes)
      throws IOException, LineFileException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, maxLineBytes, maxFileBytes);
    }
  }

  /** The lines of {@code in}, as {@link #read(Path, int, long)} reads a file. */
  public static List<String> read(InputStream in, int maxLineBytes, long maxFileBytes)
      throws IOException, LineFileException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    boolean start = true;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > maxFileBytes) {
        throw new LineFileException(
            lines.size() + 1,
            "the file is larger than " + bytes(maxFileBytes) + ", the limit; nothing was used");
      }
      int from = 0;
      if (start && n > 0) {
        from = byteOrderMarkLength(buffer, n);
        start = false;
      }
      for (int i = from; i < n; i++) {
        if (buffer[i] == '\n') {
          lines.add(decode(line, lines.size() + 1, decoder));
          line.reset();
        } else if (line.size() == maxLineBytes) {
          throw new LineFileException(
              lines.size() + 1,
              "longer than " + bytes(maxLineBytes) + ", the limit for a line; nothing was used");
        } else {
          line.write(buffer[i]);
        }
      }
    }
    if (line.size() > 0) {
      lines.add(decode(line, lines.size() + 1, decoder));
    }
    return lines;
  }

  private static String decode(ByteArrayOutputStream line, int number, CharsetDecoder decoder)
      throws LineFileException {
    byte[] bytes = line.toByteArray();
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    try {
      return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new LineFileException(number, "not valid UTF-8");
    }
  }

  private static int byteOrderMarkLength(byte[] buffer, int n) {
    boolean bom =
        n >= 3
            && (buffer[0] & 0xFF) == 0xEF
            && (buffer[1] & 0xFF) == 0xBB
            && (buffer[2] & 0xFF) == 0xBF;
    return bom ? 3 : 0;
  }

  /** {@code n} bytes as a message says it: {@code 1 MiB (1,048,576 bytes)}. */
  static String bytes(long n) {
    String exact = String.format(Locale.ROOT, "%,d bytes", n);
    if (n >= 1 << 20 && n % (1 << 20) == 0) {
      return (n >> 20) + " MiB (" + exact + ")";
    }
    if (n >= 1 << 10 && n % (1 << 10) == 0) {
      return (n >> 10) + " KiB (" + exact + ")";
    }
    return exact;
  }
}
