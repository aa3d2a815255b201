package dev.pullgate.cli;

import dev.pullgate.PullGate;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pullgate prune --keep-file F --until T}: deletes the pulled records of images no longer on
 * the node, as the engine's {@code pruneUnknownRecords} does.
 */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Deletes the records of images no longer on the node.",
      "Deletes every pulled record whose imageRef is not listed in the keep file and which was"
          + " last updated before TIME. Pull intents are never pruned.",
      "Writes the store, so it takes the store's writer lock: it refuses to run while a node agent"
          + " holds the store. --dry-run only reads (safe beside a running agent) and lists what"
          + " would be deleted."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.HELP_OK,
      "1:a stored record is damaged (run pullgate verify); nothing was pruned",
      "2:bad command line, an unreadable, malformed or (without --allow-empty-keep-file) empty"
          + " keep file, or no readable store at DIR",
      ExitCodes.HELP_INTERNAL,
      ExitCodes.HELP_STORE_LOCKED
    })
final class PruneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Mixin HashKeyOption hashKey;

  @Option(
      names = "--keep-file",
      paramLabel = "FILE",
      required = true,
      description =
          "The imageRefs to keep, one per line (the images still on the node); blank lines and"
              + " lines starting with # are ignored.")
  Path keepFile;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      required = true,
      converter = InstantConverter.class,
      description =
          "An RFC 3339 date-time (2025-06-01T00:00:00Z): records updated at or after it are kept.")
  Instant until;

  @Option(names = "--dry-run", description = "List what would be pruned; change nothing.")
  boolean dryRun;

  @Option(
      names = "--allow-empty-keep-file",
      description =
          "Accept a keep file that lists no imageRef, pruning every record older than TIME. Without"
              + " it an empty keep file is refused: a record pruned while its image is still on the"
              + " node makes the image look preloaded, which the default policy trusts.")
  boolean allowEmptyKeepFile;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    Set<String> keep = KeepFile.read(keepFile);
    if (keep.isEmpty() && !allowEmptyKeepFile) {
      throw new CommandFailure(
          ExitCodes.INVALID,
          keepFile
              + " lists no imageRef, so every record older than "
              + until
              + " would go, including those of images still on the node (which would then look"
              + " preloaded). List the runtime's imageRefs, or pass --allow-empty-keep-file if the"
              + " node really has no images.");
    }
    String rule =
        "not among the "
            + RecordText.counted(keep.size(), "imageRef")
            + " of "
            + keepFile
            + " and last updated before "
            + until;
    if (dryRun) {
      List<PulledRecord> records;
      try (LmdbPullRecordStore opened = StoreAccess.openReadOnly(store.directory)) {
        records = opened.pulledRecords();
      }
      List<PulledRecord> doomed =
          records.stream()
              .filter(r -> !keep.contains(r.imageRef()) && r.lastUpdated().isBefore(until))
              .sorted(Comparator.comparing(PulledRecord::imageRef))
              .toList();
      for (PulledRecord record : doomed) {
        out.println(
            "would prune "
                + TerminalText.escape(record.imageRef())
                + "  updated "
                + record.lastUpdated());
      }
      out.println(
          "Would prune "
              + doomed.size()
              + " of "
              + RecordText.counted(records.size(), "pulled record")
              + ": "
              + rule
              + ". Nothing was changed (--dry-run).");
      return ExitCodes.OK;
    }
    try (PullGate gate = StoreAccess.openEngine(store.directory, hashKey.file)) {
      long before = gate.metrics().storedRecords();
      int pruned = gate.pruneUnknownRecords(keep, until);
      out.println(
          "Pruned "
              + pruned
              + (before >= 0
                  ? " of " + RecordText.counted(before, "pulled record")
                  : " pulled records")
              + ": "
              + rule
              + ".");
    }
    return ExitCodes.OK;
  }
}
