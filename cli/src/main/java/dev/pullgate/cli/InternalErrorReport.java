package dev.pullgate.cli;

import java.io.PrintWriter;

/**
 * How {@code pullgate} reports whatever escaped a command, which is a bug in Pullgate: one line on
 * standard error naming the exception's type, never its message (which may quote any input), and
 * its stack trace only when {@value PullgateCommand#DEBUG_VARIABLE} asks for it.
 */
final class InternalErrorReport {
  private InternalErrorReport() {}

  /** Reports {@code e}, which escaped {@code command}, and returns {@value ExitCodes#INTERNAL}. */
  static int report(PrintWriter err, String command, Throwable e, boolean stackTrace) {
    err.println(
        command
            + ": internal error (a bug in Pullgate; please report it): "
            + e.getClass().getName()
            + (stackTrace
                ? ""
                : "; set " + PullgateCommand.DEBUG_VARIABLE + "=1 to see its stack trace"));
    if (stackTrace) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.INTERNAL;
  }
}
