package dev.pullgate.error;

/**
 * Stored data is damaged: one record or intent cannot be read (a failed checksum, an unknown format
 * version, a broken structure), or a whole store is refused at open because its files are not what
 * they must be (truncated, damaged meta pages, an environment Pullgate did not create).
 *
 * <p>Decisions that meet it fail closed. A damaged record is replaced by the next write of its key;
 * a refused store needs an operator ({@code pullgate verify}, a backup, or an explicit new store).
 * Messages name keys and files and say what failed, never what the damaged bytes hold.
 */
public class StoreDamagedException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * Damage described by {@code message}.
   *
   * @param message what failed, naming keys and files, never a credential
   */
  public StoreDamagedException(String message) {
    super(message);
  }

  /**
   * Damage described by {@code message}.
   *
   * @param message what failed, naming keys and files, never a credential
   * @param cause the failure underneath, kept for the stack trace
   */
  public StoreDamagedException(String message, Throwable cause) {
    super(message, cause);
  }
}
