package dev.pullgate.cli;

/**
 * Ends an operator command with one line on standard error and an exit status from {@link
 * ExitCodes}: the expected ways a command fails (bad input, no store, a held lock), as opposed to
 * bugs.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The status the command exits with. */
  int exitCode() {
    return exitCode;
  }
}
