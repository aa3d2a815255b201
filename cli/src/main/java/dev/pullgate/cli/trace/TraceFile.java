package dev.pullgate.cli.trace;

import dev.pullgate.cli.io.LineFile;
import dev.pullgate.cli.io.LineFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a trace file as its lines through {@link LineFile}: UTF-8 decoded strictly, so that a bad
 * byte is reported with its line number, and within limits, so that no file can exhaust memory: a
 * line of at most {@value #MAX_LINE_BYTES} bytes and a trace of at most {@value #MAX_FILE_BYTES}
 * bytes (docs/trace-format.md says so too).
 */
public final class TraceFile {
  /** The longest line of a trace, in bytes (1 MiB). */
  public static final int MAX_LINE_BYTES = 1 << 20;

  /** The largest trace, in bytes (64 MiB). */
  public static final long MAX_FILE_BYTES = 64L << 20;

  private TraceFile() {}

  /**
   * The lines of the file at {@code path}.
   *
   * @throws IOException when the file cannot be read
   * @throws TraceFormatException when a line is not valid UTF-8, or a limit is passed
   */
  public static List<String> readLines(Path path) throws IOException, TraceFormatException {
    try {
      return LineFile.read(path, MAX_LINE_BYTES, MAX_FILE_BYTES);
    } catch (LineFileException e) {
      throw new TraceFormatException(e.line(), e.getMessage());
    }
  }

  /** The lines of {@code bytes}, as {@link #readLines} splits them. */
  static List<String> lines(byte[] bytes) throws TraceFormatException {
    try {
      return LineFile.read(new ByteArrayInputStream(bytes), MAX_LINE_BYTES, MAX_FILE_BYTES);
    } catch (LineFileException e) {
      throw new TraceFormatException(e.line(), e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("reading bytes in memory failed", e);
    }
  }
}
