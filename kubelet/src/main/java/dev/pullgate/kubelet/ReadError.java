package dev.pullgate.kubelet;

import java.util.Objects;

/**
 * A record file that could not be read: damaged JSON, an unknown field, a wrong kind or version, or
 * a stored key that does not match the file's name.
 *
 * @param fileName the file's name inside its directory ({@code sha256-…})
 * @param reason what is wrong, naming at most a field and a position, never the file's contents
 */
public record ReadError(String fileName, String reason) {
  public ReadError {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return fileName + ": " + reason;
  }
}
