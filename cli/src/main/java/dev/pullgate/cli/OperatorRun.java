package dev.pullgate.cli;

import dev.pullgate.error.StoreException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the body of an operator command and turns its expected failures into one line on standard
 * error and an exit status, so that every command reports them alike: {@code pullgate stat: …}.
 */
final class OperatorRun {
  /** The body of a command; it returns the exit status. */
  @FunctionalInterface
  interface Body {
    int run(PrintWriter out, PrintWriter err);
  }

  private OperatorRun() {}

  /**
   * Runs {@code body} with the command's writers. A {@link CommandFailure} exits with its status; a
   * {@link StoreException} met while reading an open store (a damaged value, an I/O failure) exits
   * {@value ExitCodes#FAILED}, pointing at {@code pullgate verify}.
   */
  static int run(CommandSpec spec, Body body) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.run(out, err);
    } catch (CommandFailure e) {
      out.flush();
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return e.exitCode();
    } catch (StoreException e) {
      out.flush();
      err.println(
          spec.qualifiedName()
              + ": "
              + e.getMessage()
              + "\n(if a stored value is damaged, pullgate verify --store DIR lists every one)");
      return ExitCodes.FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
