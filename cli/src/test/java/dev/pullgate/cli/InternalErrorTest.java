package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Whatever escapes a command, an exception or an error, ends {@code pullgate} with exit 3 and one
 * line on standard error naming its type; the stack trace only when asked for.
 */
class InternalErrorTest {

  static Stream<Throwable> throwables() {
    return Stream.of(
        new IllegalStateException("secret-looking message"),
        new NullPointerException(),
        new OutOfMemoryError("Java heap space"),
        new StackOverflowError(),
        new AssertionError("a broken invariant"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwables")
  void escapingThrowable_exits3WithOneLineNamingItsType(Throwable thrown) {
    StringWriter err = new StringWriter();

    int exitCode = run(thrown, false, err);

    assertThat(exitCode).isEqualTo(ExitCodes.INTERNAL);
    assertThat(err.toString())
        .isEqualTo(
            "pullgate boom: internal error (a bug in Pullgate; please report it): "
                + thrown.getClass().getName()
                + "; set "
                + PullgateCommand.DEBUG_VARIABLE
                + "=1 to see its stack trace\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwables")
  void escapingThrowable_withDebug_printsTheStackTraceToo(Throwable thrown) {
    StringWriter err = new StringWriter();

    int exitCode = run(thrown, true, err);

    assertThat(exitCode).isEqualTo(ExitCodes.INTERNAL);
    assertThat(err.toString())
        .startsWith("pullgate boom: internal error (a bug in Pullgate; please report it): ")
        .contains(thrown.getClass().getName())
        .contains("\tat ");
  }

  private static int run(Throwable thrown, boolean stackTraces, StringWriter err) {
    CommandLine commandLine = PullgateCommand.commandLine(stackTraces);
    commandLine.addSubcommand(new Boom(thrown));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));
    return PullgateCommand.execute(commandLine, "boom");
  }

  /** A command that throws what it is given. */
  @Command(name = "boom")
  private static final class Boom implements Callable<Integer> {
    private final Throwable thrown;

    Boom(Throwable thrown) {
      this.thrown = thrown;
    }

    @Override
    public Integer call() throws Exception {
      if (thrown instanceof Exception e) {
        throw e;
      }
      throw (Error) thrown;
    }
  }
}
