package dev.pullgate.cli;

import dev.pullgate.PullGateConfig.StoreSync;
import dev.pullgate.bench.simulate.LmdbPullGateOpener;
import dev.pullgate.bench.simulate.NodeDayOutcome;
import dev.pullgate.bench.simulate.NodeDayScenario;
import dev.pullgate.bench.simulate.NodeDaySimulator;
import dev.pullgate.bench.simulate.PullGateOpener;
import dev.pullgate.bench.simulate.SimulationProgress;
import dev.pullgate.bench.simulate.SimulationReport;
import dev.pullgate.bench.simulate.SimulationResult;
import dev.pullgate.error.StoreException;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code pullgate simulate}: a simulated node day on the real engine and the durable LMDB store,
 * checked decision by decision against a reference model.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Plays a simulated node day on the real engine and a durable LMDB store.",
      "Namespaces with pull secrets and service accounts start pods that pull and reuse images,"
          + " secrets rotate, images are garbage collected and their records pruned, and the"
          + " agent restarts (the store is closed and reopened from disk).",
      "A reference model checks every decision to use an image. Prints decisions by reason, what"
          + " happened on the node, the checks, and the decision latency percentiles. The same"
          + " seed plays the same day; only the timings differ.",
      "The store lives in a new private temporary directory, deleted at the end, unless --store"
          + " names a directory to keep it in."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the day ran and every decision was correct",
      "1:the reference model found a wrong decision or stored state (a bug in Pullgate)",
      "2:bad command line, a --store that already holds records, or the store cannot be opened",
      ExitCodes.HELP_INTERNAL,
      ExitCodes.HELP_STORE_LOCKED
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SimulationOptions scenario;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description =
          "Play the day over the store in DIR (created if needed; it must hold no records) and"
              + " keep it, to inspect with stat, list, get and verify.")
  Path storeDirectory;

  @Option(
      names = "--sync",
      paramLabel = "MODE",
      converter = StoreSyncConverter.class,
      description =
          "How the store commits: durable (default, every commit synced) or nometasync (faster;"
              + " the last commit before a system crash may be lost).")
  StoreSync sync = StoreSync.DURABLE;

  @Option(
      names = "--progress",
      description =
          "Draw a progress bar on standard error even when it is not a terminal (it is drawn on a"
              + " terminal anyway).")
  boolean progress;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    NodeDayScenario day = scenario.build();
    SimulationResult result;
    String storeLine;
    if (storeDirectory == null) {
      try (TemporaryDirectory temporary = TemporaryDirectory.create("pullgate-simulate-")) {
        result = play(day, temporary.path(), err);
      }
      storeLine = "LMDB, " + sync.propertyValue() + " commits, in a temporary directory (deleted)";
    } else {
      requireNoRecords(storeDirectory);
      result = play(day, storeDirectory, err);
      storeLine = "LMDB, " + sync.propertyValue() + " commits, kept in " + storeDirectory;
    }
    out.print(SimulationReport.render(result));
    out.println("Store: " + storeLine);
    NodeDayOutcome outcome = result.outcome();
    if (outcome.oracleViolations() > 0 || outcome.modelMismatches() > 0) {
      out.flush();
      err.println(
          spec.qualifiedName()
              + ": the reference model found "
              + outcome.oracleViolations()
              + " wrong decisions and "
              + outcome.modelMismatches()
              + " mismatches in stored state: a bug in Pullgate; please report it with the"
              + " command line");
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private SimulationResult play(NodeDayScenario day, Path directory, PrintWriter err) {
    LmdbPullGateOpener lmdb = new LmdbPullGateOpener(directory, sync);
    PullGateOpener opener = (config, clock) -> StoreAccess.writing(() -> lmdb.open(config, clock));
    NodeDaySimulator simulator = new NodeDaySimulator(day, opener);
    boolean drawBar = progress || System.console() != null;
    try (ProgressBar bar = new ProgressBar(err)) {
      return simulator.run(drawBar ? bar : SimulationProgress.NONE);
    }
  }

  /** Refuses a kept store that holds records: the reference model starts from an empty one. */
  private static void requireNoRecords(Path directory) {
    LmdbPullRecordStore existing;
    try {
      existing = LmdbPullRecordStore.openReadOnly(directory);
    } catch (StoreException e) {
      return; // No store there yet (or none readable): opening it for writing decides.
    }
    try (existing) {
      long records = existing.pulledRecordCount();
      long intents = existing.pullIntentCount();
      if (records > 0 || intents > 0) {
        throw new CommandFailure(
            ExitCodes.INVALID,
            "store at "
                + directory
                + " already holds "
                + RecordText.counted(records, "pulled record")
                + " and "
                + RecordText.counted(intents, "pull intent")
                + ": a simulated day starts from an empty store; name a new directory");
      }
    }
  }

  /** Accepts the values of {@code pullgate.store.sync}. */
  static final class StoreSyncConverter implements ITypeConverter<StoreSync> {
    @Override
    public StoreSync convert(String value) {
      for (StoreSync mode : StoreSync.values()) {
        if (mode.propertyValue().equals(value)) {
          return mode;
        }
      }
      throw new TypeConversionException("expected durable or nometasync");
    }
  }
}
