package dev.pullgate.kubelet.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong in a failed file operation, in a few words for a message: the operating system's
 * reason ({@code No space left on device}, {@code permission denied}) or, failing that, the kind of
 * failure; never file contents.
 */
public final class IoReason {
  private IoReason() {}

  /** The reason for {@code e}. */
  public static String of(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
    }
    // The JDK reports a failed read or write (a full disk, an I/O error) as a plain IOException
    // whose message is the operating system's own text, such as "No space left on device".
    if (e.getClass() == IOException.class && e.getMessage() != null) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName();
  }
}
