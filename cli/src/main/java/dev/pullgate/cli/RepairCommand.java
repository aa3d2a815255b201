package dev.pullgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.Damage;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.Repair;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.RepairAction;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.Verification;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pullgate repair --store DIR}: repairs a damaged store toward "pull" and says what it did.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Repairs the damaged entries of a store so that every decision they affect pulls.",
      "Moves entries stored under a wrong key to their own; writes records that decode but are"
          + " not canonical again; replaces a damaged record whose key names its imageRef by one"
          + " that lets no pod use the image without pulling, and writes a damaged intent again;"
          + " deletes damaged entries whose key names nothing (a digest), which are lost; then"
          + " writes records, intents and the forgetting index into new B-trees and verifies the"
          + " store again.",
      "Takes the writer lock: stop the node agent first. The store stays marked damaged (every"
          + " decision that rests on a missing record pulls) while damage remains, or while"
          + " entries were lost and --accept-loss was not given.",
      "Runs in a separate JVM, like verify: a store whose damage crashes LMDB is reported"
          + " damaged and left as it was."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the store is intact and ready (or, with --dry-run, needs no repair)",
      "1:the store stays damaged or marked damaged (listed), or its walk crashed or did not end"
          + " in time; with --dry-run: the store needs a repair",
      "2:bad command line, no store at DIR, or a store that cannot be opened (its data file or"
          + " identity file is damaged: restore it from a backup)",
      ExitCodes.HELP_INTERNAL,
      ExitCodes.HELP_STORE_LOCKED
    })
final class RepairCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Option(
      names = "--dry-run",
      description =
          "Report what a repair would do and change nothing; reads the store read-only, so it"
              + " works beside a running node agent.")
  boolean dryRun;

  @Option(
      names = "--accept-loss",
      description =
          "Accept that damaged entries under digest keys, now or in an earlier repair, are lost:"
              + " the images they covered may look preloaded until pulled again. Clears the mark"
              + " that lost entries leave.")
  boolean acceptLoss;

  @Option(names = "--json", description = "Print JSON: the repair's actions and verifications.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "How long the repair may take before the store is reported damaged, as 90s, 30m or 2h"
              + " (default: 30m).")
  Duration timeout = StoreWalk.DEFAULT_TIMEOUT;

  private final VerifyCommand.StoreWalks walks;

  RepairCommand() {
    this(StoreWalk::new);
  }

  /** A repair command whose walks {@code walks} makes; tests give one that crashes. */
  RepairCommand(VerifyCommand.StoreWalks walks) {
    this.walks = walks;
  }

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    if (dryRun && acceptLoss) {
      throw new CommandFailure(
          ExitCodes.INVALID,
          "--dry-run and --accept-loss do not go together: a dry run changes" + " nothing");
    }
    List<String> args = new ArrayList<>(List.of("repair", store.directory.toString()));
    if (dryRun || acceptLoss) {
      args.add(dryRun ? "dry-run" : "accept-loss");
    }
    StoreWalk.Outcome outcome = walks.bounded(timeout).run(args);
    JsonNode report = outcome instanceof StoreWalk.Reported r ? r.report() : null;
    if (report != null
        && WalkJson.REFUSED.equals(report.path(WalkJson.OUTCOME).asText())
        && report.get("damaged").asBoolean()) {
      throw new CommandFailure(
          ExitCodes.INVALID, "cannot repair the store: " + report.get("message").asText());
    }
    DataFileVerdict damaged = DataFileVerdict.of(outcome, store.directory, "repair");
    if (damaged != null) {
      damaged.print(out, json);
      if (!json) {
        out.println("Nothing was changed: a repair that does not finish commits nothing.");
      }
      return ExitCodes.FAILED;
    }
    Repair repair = WalkJson.repair(report.get("repair"));
    if (json) {
      out.print(RecordJson.print(report.get("repair")));
    } else {
      print(out, repair);
    }
    boolean needed = !repair.before().isIntact() || repair.markedDamaged();
    return (dryRun ? needed : repair.markedDamaged()) ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private void print(PrintWriter out, Repair repair) {
    out.println("Before: " + summary(repair.before()));
    if (repair.before().isIntact() && !repair.markedDamaged()) {
      out.println("Nothing to repair in " + store.directory + ".");
      return;
    }
    for (RepairAction action : repair.actions()) {
      out.println(TerminalText.escape(dryRun ? action.planned() : action.toString()));
    }
    if (!repair.actions().isEmpty()) {
      out.println(
          (dryRun ? "Would move " : "Moved ")
              + repair.moved()
              + (dryRun ? ", rewrite " : ", rewrote ")
              + repair.rewritten()
              + (dryRun ? ", make fail-closed " : ", made fail-closed ")
              + repair.failClosed()
              + (dryRun ? " and lose " : " and lost ")
              + (repair.lost() == 1 ? "1 entry" : repair.lost() + " entries")
              + (dryRun ? ". Nothing was changed (--dry-run)." : "."));
    }
    if (dryRun) {
      return;
    }
    if (repair.applied()) {
      out.println("Rewrote the records, intents and forgetting index of " + store.directory + ".");
    }
    out.println("After: " + summary(repair.after()));
    for (Damage d : repair.after().damage()) {
      out.println("DAMAGED " + TerminalText.escape(d.toString()));
    }
    boolean onlyLoss =
        repair.after().damage().stream().allMatch(d -> d.kind().equals(Damage.LOST_ENTRIES));
    out.println(
        !repair.markedDamaged()
            ? "The store is ready."
            : "The store stays marked damaged: every decision that rests on a missing record"
                + " pulls. "
                + (onlyLoss
                    ? "Accept the loss with pullgate repair --accept-loss, or restore the store"
                        + " from a backup."
                    : "Damage remains that a repair cannot fix: restore the store from a backup."));
  }

  private static String summary(Verification verification) {
    return RecordText.counted(verification.pulledRecords(), "pulled record")
        + " and "
        + RecordText.counted(verification.pullIntents(), "pull intent")
        + (verification.isIntact()
            ? ", intact"
            : ", " + damagedEntries(verification.damage().size()));
  }

  private static String damagedEntries(int n) {
    return n == 1 ? "1 damaged entry" : n + " damaged entries";
  }
}
