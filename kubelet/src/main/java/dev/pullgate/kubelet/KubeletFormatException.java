package dev.pullgate.kubelet;

/**
 * A record file's bytes are not a valid kubelet record. The message names at most a field path and
 * a position in the file, never a value from it, since files may hold credential hashes; for the
 * same reason no parser exception is ever attached as the cause.
 */
final class KubeletFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  KubeletFormatException(String message) {
    super(message);
  }
}
