package dev.pullgate.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The file-level rules of the kubelet's records directories: how a key becomes a file name, which
 * entries are record files, and how a file is replaced atomically.
 *
 * <p>Writes go to a temporary {@code *.tmp} file in the same directory, created {@code 0600}, and
 * are renamed over the target, so a reader sees the old file or the new one, never half of one.
 * Directories are created {@code 0700}. Like the kubelet, nothing is fsynced: after a power loss a
 * renamed file may be empty or missing, which readers then report or treat as absent. Each write
 * uses its own uniquely named temporary file, which the kubelet's {@code .tmp} rule still ignores.
 */
final class RecordFiles {
  /** The prefix of every record file's name, before the hex SHA-256 of its key. */
  static final String PREFIX = "sha256-";

  /** The suffix of temporary files, which are never records. */
  static final String TMP_SUFFIX = ".tmp";

  /**
   * The largest record file read, in bytes (16 MiB): far more than any record the kubelet writes,
   * small enough that no file can exhaust memory.
   */
  static final int MAX_RECORD_FILE_BYTES = 16 << 20;

  /** What a skip or error says of a file over {@link #MAX_RECORD_FILE_BYTES}. */
  static final String TOO_LARGE =
      "larger than 16 MiB (16,777,216 bytes), the limit for a record file";

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final HexFormat HEX = HexFormat.of();

  private RecordFiles() {}

  /** The name of the file that holds the record keyed by {@code key}. */
  static String fileName(String key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return PREFIX + HEX.formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /**
   * Why the entry {@code name}, with attributes {@code attributes} (symbolic links followed), is
   * not a record file, or null when it is one. A regular file is a record file when its name has
   * the {@code sha256-} prefix and lacks the {@code .tmp} suffix, as the kubelet decides; anything
   * else that is not a regular file (a FIFO, a socket, a device) is never opened, since reading one
   * could block forever or never end.
   */
  static String whyNotARecordFile(String name, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory, not a record file";
    }
    if (!attributes.isRegularFile()) {
      return "not a regular file (a FIFO, socket or device), so it was not opened";
    }
    if (name.endsWith(TMP_SUFFIX)) {
      return "temporary file of an unfinished write";
    }
    if (!name.startsWith(PREFIX)) {
      return "not a record file: its name lacks the " + PREFIX + " prefix";
    }
    return null;
  }

  /**
   * The content of the regular file {@code file}, or null when it holds more than {@value
   * #MAX_RECORD_FILE_BYTES} bytes; at most one byte more is read.
   */
  static byte[] readRecordFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(MAX_RECORD_FILE_BYTES + 1);
      return content.length > MAX_RECORD_FILE_BYTES ? null : content;
    }
  }

  /** Creates {@code dir} and any missing parents, each {@code 0700} where POSIX modes exist. */
  static void createDirectories(Path dir) throws IOException {
    if (isPosix(dir)) {
      Files.createDirectories(dir, asAttribute(OWNER_ONLY_DIRECTORY));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** Replaces {@code dir/name} with {@code content} through a temporary file and a rename. */
  static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
    createDirectories(dir);
    Path tmp =
        isPosix(dir)
            ? Files.createTempFile(dir, name + ".", TMP_SUFFIX, asAttribute(OWNER_READ_WRITE))
            : Files.createTempFile(dir, name + ".", TMP_SUFFIX);
    try {
      Files.write(tmp, content);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<Set<PosixFilePermission>> asAttribute(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }
}
