package dev.pullgate.cli;

import dev.pullgate.bench.simulate.LmdbPullGateOpener;
import dev.pullgate.bench.simulate.PullGateOpener;
import dev.pullgate.cli.trace.EngineOpenException;
import dev.pullgate.cli.trace.ReplayResult;
import dev.pullgate.cli.trace.Replayer;
import dev.pullgate.cli.trace.Trace;
import dev.pullgate.cli.trace.TraceFile;
import dev.pullgate.cli.trace.TraceFormatException;
import dev.pullgate.cli.trace.TraceParser;
import dev.pullgate.kubelet.io.IoReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pullgate replay TRACE}: parses a whole trace (docs/trace-format.md), then feeds it to a
 * real engine and checks every expectation, printing a line per finding and a closing {@code N
 * passed, M failed}.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Replays a trace (JSON Lines, see docs/trace-format.md) against a real engine and checks"
          + " every expectation in it.",
      "Prints one line per check, forget, expectRecord and expectIntent, then 'N passed, M"
          + " failed'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      ExitCodes.HELP_INVALID,
      ExitCodes.HELP_INTERNAL
    })
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE", description = "The trace file to replay.")
  Path trace;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description =
          "Replay over the durable LMDB store in DIR (created if needed) and keep it afterwards."
              + " Without it, replay uses a fresh temporary LMDB store that is deleted at the end.")
  Path storeDirectory;

  @Option(
      names = "--in-memory",
      description = "Replay over an in-memory store instead of LMDB (a restart keeps its records).")
  boolean inMemory;

  @Option(
      names = "--hash-key",
      paramLabel = "FILE",
      description =
          "Keep credential hashes under the key in FILE (created, 0600, when absent), whatever the"
              + " trace's config says: the key of a --store DIR that keeps hashes under one. A trace"
              + " with \"keyedHashes\": true and no --hash-key gets a new key in a temporary"
              + " directory, deleted at the end; with --store it needs --hash-key, so that the"
              + " kept store can be opened again.")
  Path hashKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (storeDirectory != null && inMemory) {
      err.println("pullgate replay: --store and --in-memory exclude each other");
      return ExitCodes.INVALID;
    }
    Trace parsed;
    try {
      parsed = TraceParser.parse(TraceFile.readLines(trace));
    } catch (NoSuchFileException e) {
      err.println("pullgate replay: " + trace + ": no such file");
      return ExitCodes.INVALID;
    } catch (IOException e) {
      err.println("pullgate replay: " + trace + ": cannot read (" + IoReason.of(e) + ")");
      return ExitCodes.INVALID;
    } catch (TraceFormatException e) {
      err.println("pullgate replay: " + trace + ": " + e.getMessage());
      return ExitCodes.INVALID;
    }
    if (hashKey != null) {
      parsed = parsed.withHashKey(hashKey);
    } else if (parsed.keyedHashes() && storeDirectory != null) {
      err.println(
          "pullgate replay: "
              + trace
              + " asks for keyed hashes: with --store, give --hash-key FILE too, so that the kept"
              + " store can be opened again with its key");
      return ExitCodes.INVALID;
    }
    if (parsed.keyedHashes() && parsed.config().hashKey() == null) {
      TemporaryDirectory keyDirectory;
      try {
        keyDirectory = TemporaryDirectory.create("pullgate-replay-key-");
      } catch (CommandFailure e) {
        err.println("pullgate replay: " + e.getMessage());
        return e.exitCode();
      }
      try (keyDirectory) {
        // The engine creates the key file there, from SecureRandom, when it first opens.
        return replay(parsed.withHashKey(keyDirectory.path().resolve("hash.key")), out, err);
      }
    }
    return replay(parsed, out, err);
  }

  private int replay(Trace parsed, PrintWriter out, PrintWriter err) {
    ReplayResult result;
    try {
      if (inMemory) {
        result = Replayer.replay(parsed, PullGateOpener.inMemory(), out);
      } else if (storeDirectory != null) {
        result = Replayer.replay(parsed, new LmdbPullGateOpener(storeDirectory), out);
      } else {
        try (TemporaryDirectory temporary = TemporaryDirectory.create("pullgate-replay-")) {
          result = Replayer.replay(parsed, new LmdbPullGateOpener(temporary.path()), out);
        }
      }
    } catch (EngineOpenException e) {
      out.flush();
      err.println("pullgate replay: " + trace + ": " + e.getMessage());
      return ExitCodes.INVALID;
    } catch (CommandFailure e) {
      // No temporary directory for the store: the engine could not be opened.
      err.println("pullgate replay: " + e.getMessage());
      return e.exitCode();
    }
    out.println(result.closingLine());
    out.flush();
    return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
