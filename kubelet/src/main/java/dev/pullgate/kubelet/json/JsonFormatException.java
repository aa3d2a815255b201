package dev.pullgate.kubelet.json;

/**
 * A JSON document or line that is not what its reader expects: bad syntax, a duplicate, missing,
 * unknown or mistyped field, or a value of the wrong form. The message names at most a field path
 * and a position, never a value, and never a field name found inside an object that holds
 * credentials; for the same reason no parser exception is ever attached as the cause.
 */
public final class JsonFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}, which must quote nothing from the input. */
  public JsonFormatException(String message) {
    super(message);
  }
}
