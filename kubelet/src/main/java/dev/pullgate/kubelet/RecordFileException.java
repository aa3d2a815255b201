package dev.pullgate.kubelet;

import dev.pullgate.error.StoreException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file or directory of a kubelet image manager directory could not be listed, read, created,
 * written or deleted: the file system refused (a full disk, a permission, a missing directory), as
 * opposed to a file whose content is damaged. The message names the path and the operating system's
 * reason, never file contents.
 */
public final class RecordFileException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /** {@code action} ("could not write") on {@code path} failed with {@code reason}. */
  RecordFileException(String action, Path path, String reason, IOException cause) {
    super(action + " " + path + " (" + reason + ")", cause);
    this.path = path;
  }

  /** The file or directory that could not be used. */
  public Path path() {
    return path;
  }
}
