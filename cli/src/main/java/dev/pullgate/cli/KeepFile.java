package dev.pullgate.cli;

import dev.pullgate.cli.io.LineFile;
import dev.pullgate.cli.io.LineFileException;
import dev.pullgate.kubelet.io.IoReason;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keep file of {@code pullgate prune}: the imageRefs of the images still on the node, one per
 * line, as the container runtime lists them. Surrounding whitespace is trimmed; blank lines and
 * lines starting with {@code #} are ignored. It is read through {@link LineFile}, so it may be a
 * pipe ({@code --keep-file <(crictl …)}), and within limits: lines of at most {@value
 * #MAX_LINE_BYTES} bytes, a file of at most {@value #MAX_FILE_BYTES} bytes.
 */
final class KeepFile {
  /** The longest line of a keep file, in bytes (8 KiB): an imageRef has at most 4,096. */
  static final int MAX_LINE_BYTES = 8 << 10;

  /** The largest keep file, in bytes (16 MiB). */
  static final long MAX_FILE_BYTES = 16L << 20;

  private KeepFile() {}

  /**
   * The imageRefs listed in {@code file}.
   *
   * @throws CommandFailure when the file cannot be read, or a line holds whitespace inside or is
   *     not a well-formed imageRef ({@link ImageRefCheck})
   */
  static Set<String> read(Path file) {
    List<String> lines;
    try {
      lines = LineFile.read(file, MAX_LINE_BYTES, MAX_FILE_BYTES);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCodes.INVALID, "keep file " + file + ": no such file");
    } catch (LineFileException e) {
      throw new CommandFailure(
          ExitCodes.INVALID, "keep file " + file + ":" + e.line() + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCodes.INVALID, "keep file " + file + ": cannot read (" + IoReason.of(e) + ")");
    }
    Set<String> imageRefs = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.chars().anyMatch(Character::isWhitespace)) {
        throw new CommandFailure(
            ExitCodes.INVALID,
            "keep file "
                + file
                + ":"
                + (i + 1)
                + ": expected one imageRef per line, found whitespace inside the line");
      }
      String problem = ImageRefCheck.problem(line);
      if (problem != null) {
        throw new CommandFailure(
            ExitCodes.INVALID, "keep file " + file + ":" + (i + 1) + ": " + problem);
      }
      imageRefs.add(line);
    }
    return imageRefs;
  }
}
