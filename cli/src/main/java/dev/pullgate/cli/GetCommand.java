package dev.pullgate.cli;

import dev.pullgate.image.ImageName;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pullgate get IMAGEREF} or {@code get --intent IMAGE}: one record, read-only. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Shows one pulled record, or one pull intent.",
      "Shows the pulled record of IMAGEREF, or with --intent whether a pull intent is stored for"
          + " the image string IMAGE.",
      "Text output shows the first "
          + RecordText.HASH_PREFIX
          + " hex digits of each credential hash; --json shows them in full.",
      "Opens the store read-only: safe while a node agent is writing it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:found",
      "1:the stored value is damaged (unreadable)",
      "2:bad command line, a malformed imageRef, or no readable store at DIR",
      ExitCodes.HELP_INTERNAL,
      "4:no such record or intent"
    })
final class GetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Parameters(
      index = "0",
      paramLabel = "KEY",
      description = "The imageRef of a pulled record (sha256:…), or with --intent an image string.")
  String key;

  @Option(names = "--intent", description = "Look up the pull intent of the image string KEY.")
  boolean intent;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    if (!intent) {
      String problem = ImageRefCheck.problem(key);
      if (problem != null) {
        throw new CommandFailure(ExitCodes.INVALID, problem);
      }
    }
    String reference = null;
    if (intent) {
      reference =
          ImageName.tryParse(key)
              .map(ImageName::normalisedReference)
              .orElseThrow(
                  () ->
                      new CommandFailure(
                          ExitCodes.INVALID,
                          ImageName.describe(key) + " is not a valid image reference"));
    }
    try (LmdbPullRecordStore opened = StoreAccess.openReadOnly(store.directory)) {
      if (intent) {
        if (!opened.pullIntentExists(reference)) {
          throw new CommandFailure(
              ExitCodes.NOT_FOUND, "no pull intent for image " + ImageName.describe(key));
        }
        if (json) {
          out.print(RecordJson.print(RecordJson.intent(reference)));
        } else {
          out.println("Pull intent " + TerminalText.escape(reference));
          out.println("  a pull of this image started and has not finished (or the agent stopped)");
        }
        return ExitCodes.OK;
      }
      Optional<PulledRecord> record = opened.pulledRecord(key);
      if (record.isEmpty()) {
        throw new CommandFailure(
            ExitCodes.NOT_FOUND, "no pulled record for imageRef " + ImageName.describe(key));
      }
      if (json) {
        out.print(RecordJson.print(RecordJson.record(record.get())));
      } else {
        RecordText.detail(out, record.get());
      }
      return ExitCodes.OK;
    }
  }
}
