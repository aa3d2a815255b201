package dev.pullgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code pullgate} command: the entry point of the CLI, whose subcommands do the work. Run
 * without a subcommand it prints its usage.
 */
@Command(
    name = "pullgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Pullgate: decides whether a pod may use a private image already on a node.",
    subcommands = {
      SimulateCommand.class,
      ReplayCommand.class,
      BenchCommand.class,
      StatCommand.class,
      ListCommand.class,
      GetCommand.class,
      VerifyCommand.class,
      RepairCommand.class,
      PruneCommand.class,
      ForgetCommand.class,
      RekeyCommand.class,
      ImportKubeletCommand.class,
      ExportKubeletCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      ExitCodes.HELP_INVALID,
      ExitCodes.HELP_INTERNAL,
      ExitCodes.HELP_NOT_FOUND,
      ExitCodes.HELP_STORE_LOCKED,
      ExitCodes.HELP_SKIPPED
    },
    footerHeading = "%nEnvironment:%n",
    footer =
        "  "
            + PullgateCommand.DEBUG_VARIABLE
            + "=1  an internal error (exit 3) also prints its stack trace")
public final class PullgateCommand implements Callable<Integer> {
  /**
   * The environment variable that, set to anything but empty or {@code 0}, makes an internal error
   * print its stack trace.
   */
  static final String DEBUG_VARIABLE = "PULLGATE_DEBUG";

  @Spec CommandSpec spec;

  private final boolean stackTraces;

  private PullgateCommand(boolean stackTraces) {
    this.stackTraces = stackTraces;
  }

  /** Runs the command line {@code args} and exits with its status. */
  public static void main(String[] args) {
    String debug = System.getenv(DEBUG_VARIABLE);
    boolean stackTraces = debug != null && !debug.isEmpty() && !debug.equals("0");
    System.exit(execute(commandLine(stackTraces), args));
  }

  /** The {@code pullgate} command line, as {@link #commandLine(boolean)} without stack traces. */
  public static CommandLine commandLine() {
    return commandLine(false);
  }

  /**
   * The {@code pullgate} command line, ready to {@link #execute}: an exception that escapes a
   * command prints one line naming its type, and its stack trace when {@code stackTraces}, and
   * exits {@value ExitCodes#INTERNAL}.
   */
  static CommandLine commandLine(boolean stackTraces) {
    return commandLine(stackTraces, CommandLine.defaultFactory());
  }

  /** As {@link #commandLine(boolean)}, with the subcommands that {@code factory} makes. */
  static CommandLine commandLine(boolean stackTraces, CommandLine.IFactory factory) {
    CommandLine commandLine = new CommandLine(new PullgateCommand(stackTraces), factory);
    OptionConverters.register(commandLine);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) ->
            InternalErrorReport.report(
                cmd.getErr(), cmd.getCommandSpec().qualifiedName(), e, stackTraces));
    return commandLine;
  }

  /**
   * Executes {@code args} on {@code commandLine}. Whatever escapes, an {@link Error} included
   * (which picocli lets through), exits {@value ExitCodes#INTERNAL} with one line, never with the
   * JVM's status 1 and a stack trace.
   */
  static int execute(CommandLine commandLine, String... args) {
    try {
      return commandLine.execute(args);
    } catch (Throwable e) { // the last place where anything can still be reported
      PullgateCommand root = commandLine.getCommand();
      return InternalErrorReport.report(
          commandLine.getErr(), commandRun(commandLine), e, root.stackTraces);
    }
  }

  /** The qualified name of the (sub)command that {@code commandLine} last ran. */
  private static String commandRun(CommandLine commandLine) {
    ParseResult result = commandLine.getParseResult();
    if (result == null) {
      return commandLine.getCommandSpec().qualifiedName();
    }
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return result.commandSpec().qualifiedName();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
