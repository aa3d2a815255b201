package dev.pullgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
      StatCommand.class,
      ListCommand.class,
      GetCommand.class,
      VerifyCommand.class,
      PruneCommand.class,
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
    })
public final class PullgateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Runs the command line {@code args} and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The {@code pullgate} command line, ready to {@link CommandLine#execute execute}: an unexpected
   * exception prints one line (its type and message) and exits {@value ExitCodes#INTERNAL}.
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new PullgateCommand());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          cmd.getErr()
              .println(
                  cmd.getCommandSpec().qualifiedName()
                      + ": internal error: "
                      + e.getClass().getName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage()));
          return ExitCodes.INTERNAL;
        });
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
