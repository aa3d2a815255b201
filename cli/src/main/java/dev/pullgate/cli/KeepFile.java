package dev.pullgate.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keep file of {@code pullgate prune}: the imageRefs of the images still on the node, one per
 * line, as the container runtime lists them. Surrounding whitespace is trimmed; blank lines and
 * lines starting with {@code #} are ignored.
 */
final class KeepFile {
  private KeepFile() {}

  /**
   * The imageRefs listed in {@code file}.
   *
   * @throws CommandFailure when the file cannot be read or a line holds whitespace inside
   */
  static Set<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCodes.INVALID, "keep file " + file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new CommandFailure(ExitCodes.INVALID, "keep file " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "keep file " + file + ": cannot read: " + e);
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
      imageRefs.add(line);
    }
    return imageRefs;
  }
}
