package dev.pullgate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the {@code pullgate} command line in this JVM, with its standard output and error
 * captured.
 *
 * @param exitCode what {@link CommandLine#execute} returned
 * @param out everything printed to standard output
 * @param err everything printed to standard error
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code pullgate args…}. */
  static CliRun of(String... args) {
    return with(CommandLine.defaultFactory(), args);
  }

  /**
   * Runs {@code pullgate args…} with {@code walk} in place of {@link StoreWalkMain} as the child of
   * {@code verify} and {@code repair}.
   */
  static CliRun walkingWith(Class<?> walk, String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    return with(
        new CommandLine.IFactory() {
          @Override
          @SuppressWarnings("unchecked")
          public <K> K create(Class<K> type) throws Exception {
            if (type == VerifyCommand.class) {
              return (K) new VerifyCommand(timeout -> new StoreWalk(walk, timeout));
            }
            if (type == RepairCommand.class) {
              return (K) new RepairCommand(timeout -> new StoreWalk(walk, timeout));
            }
            return defaults.create(type);
          }
        },
        args);
  }

  private static CliRun with(CommandLine.IFactory factory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = PullgateCommand.commandLine(false, factory);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = PullgateCommand.execute(commandLine, args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** The lines of standard output. */
  List<String> outLines() {
    return out.lines().toList();
  }

  /** The last line of standard output, or empty when there is none. */
  String closingLine() {
    List<String> lines = outLines();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
