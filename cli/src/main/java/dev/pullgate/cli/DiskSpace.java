package dev.pullgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a failed write says about the disk: LMDB reports a full disk as whatever error the failed
 * write gave (ENOSPC, or EIO after a short write), so the CLI looks at the file system itself.
 */
final class DiskSpace {
  /** Below this many free bytes a file system counts as full: less than a few LMDB pages. */
  private static final long NEARLY_FULL = 64 * 1024;

  private DiskSpace() {}

  /**
   * A note to add to {@code message}, a write failure under {@code path}: that the file system
   * holding it is full, or nothing when it is not (or cannot be asked), or the message says so.
   */
  static String fullNote(String message, Path path) {
    if (message.toLowerCase(Locale.ROOT).contains("no space left")) {
      return "";
    }
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return "";
    }
    try {
      long free = Files.getFileStore(existing).getUsableSpace();
      return free < NEARLY_FULL
          ? String.format(
              Locale.ROOT,
              "; the file system holding it has %,d bytes free: no space left on device",
              free)
          : "";
    } catch (IOException e) {
      return "";
    }
  }
}
