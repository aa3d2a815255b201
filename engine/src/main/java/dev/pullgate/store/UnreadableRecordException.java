package dev.pullgate.store;

/**
 * A record or intent is stored under the key asked for, but its value cannot be read (a failed
 * checksum, an unknown format version, a damaged structure). Decisions that meet it fail closed;
 * writing the key again replaces the damaged value.
 */
public class UnreadableRecordException extends StoreException {
  private static final long serialVersionUID = 1L;

  public UnreadableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
