package dev.pullgate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pullgate verify --store DIR}: reads every entry and lists each damaged one. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks every record and intent of a store and lists the damaged ones.",
      "Reads every pulled record and pull intent and checks it: format version, checksum,"
          + " structure (credential hashes of 32 bytes, a node-accessible entry that lists no"
          + " credentials), the key against the stored imageRef or image, and canonical form"
          + " (sorted, unique entries).",
      "Lists every damaged entry, not just the first. Opens the store read-only: safe while a"
          + " node agent is writing it.",
      "The walk runs in a separate JVM: if damage makes LMDB crash it, or it does not end within"
          + " --timeout, the store is reported damaged (exit 1), naming its data file."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every entry is intact",
      "1:the store is damaged: damaged entries (listed on standard output), a data file refused"
          + " as damaged, or a walk that crashed or did not end in time",
      "2:bad command line, or no readable store at DIR",
      ExitCodes.HELP_INTERNAL
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Option(names = "--json", description = "Print JSON: counts and a damage array.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "How long the walk may take before the store is reported damaged, as 90s, 30m or 2h"
              + " (default: 30m).")
  Duration timeout = StoreWalk.DEFAULT_TIMEOUT;

  private final StoreWalks walks;

  VerifyCommand() {
    this(StoreWalk::new);
  }

  /** A verify command whose walks {@code walks} makes; tests give one that crashes. */
  VerifyCommand(StoreWalks walks) {
    this.walks = walks;
  }

  /** Makes the walk of a command, bounded by a timeout. */
  @FunctionalInterface
  interface StoreWalks {
    StoreWalk bounded(Duration timeout);
  }

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    StoreWalk.Outcome outcome =
        walks.bounded(timeout).run(List.of("verify", store.directory.toString()));
    DataFileVerdict damaged = DataFileVerdict.of(outcome, store.directory, "verification");
    if (damaged != null) {
      damaged.print(out, json);
      return ExitCodes.FAILED;
    }
    LmdbPullRecordStore.Verification result =
        WalkJson.verification(((StoreWalk.Reported) outcome).report().get("verification"));
    if (json) {
      out.print(RecordJson.print(json(result)));
    } else {
      print(out, result);
    }
    return result.isIntact() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static ObjectNode json(LmdbPullRecordStore.Verification result) {
    ObjectNode all =
        RecordJson.object()
            .put("pulledRecords", result.pulledRecords())
            .put("pullIntents", result.pullIntents())
            .put("intact", result.isIntact());
    ArrayNode damage = all.putArray("damage");
    for (LmdbPullRecordStore.Damage d : result.damage()) {
      damage.addObject().put("kind", d.kind()).put("key", d.key()).put("problem", d.problem());
    }
    return all;
  }

  private void print(PrintWriter out, LmdbPullRecordStore.Verification result) {
    out.println(
        "Checked "
            + RecordText.counted(result.pulledRecords(), "pulled record")
            + " and "
            + RecordText.counted(result.pullIntents(), "pull intent")
            + " in "
            + store.directory);
    for (LmdbPullRecordStore.Damage d : result.damage()) {
      out.println("DAMAGED " + TerminalText.escape(d.toString()));
    }
    if (result.isIntact()) {
      out.println("No damage found.");
      return;
    }
    int damaged = result.damage().size();
    out.println(
        (damaged == 1 ? "1 damaged entry" : damaged + " damaged entries")
            + ". Decisions that need a damaged entry fail closed (the pod pulls the image), and"
            + " the next write of its key replaces it.");
  }
}
