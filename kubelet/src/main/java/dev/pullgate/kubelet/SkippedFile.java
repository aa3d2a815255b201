package dev.pullgate.kubelet;

import java.util.Objects;

/**
 * An entry of a records directory that is not a record file and was left alone: a {@code *.tmp}
 * file of an unfinished write, a file whose name lacks the {@code sha256-} prefix, or a
 * subdirectory. The kubelet ignores the same entries.
 *
 * @param fileName the entry's name inside its directory
 * @param reason why it is not a record file
 */
public record SkippedFile(String fileName, String reason) {
  public SkippedFile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return fileName + ": " + reason;
  }
}
