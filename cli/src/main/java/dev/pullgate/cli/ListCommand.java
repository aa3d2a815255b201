package dev.pullgate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pullgate list --store DIR}: every pulled record and pull intent, read-only. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Lists the pulled records and pull intents of a store.",
      "Lists every pulled record (by imageRef, with who may use it under each image name) and"
          + " every pull intent, sorted.",
      "Text output names secrets and service accounts but never shows credential hashes;"
          + " --json shows every field, hashes included.",
      "Opens the store read-only: safe while a node agent is writing it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.HELP_OK,
      "1:a stored value is damaged (run pullgate verify to list every one)",
      "2:bad command line, or no readable store at DIR",
      ExitCodes.HELP_INTERNAL
    })
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Option(names = "--json", description = "Print JSON: {pulledRecords: [...], pullIntents: [...]}.")
  boolean json;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    List<PulledRecord> records;
    List<String> intents;
    try (LmdbPullRecordStore opened = StoreAccess.openReadOnly(store.directory)) {
      records = sorted(opened.pulledRecords(), Comparator.comparing(PulledRecord::imageRef));
      intents = sorted(opened.pullIntents(), Comparator.naturalOrder());
    }
    if (json) {
      ObjectNode all = RecordJson.object();
      ArrayNode recordArray = all.putArray("pulledRecords");
      records.forEach(r -> recordArray.add(RecordJson.record(r)));
      ArrayNode intentArray = all.putArray("pullIntents");
      intents.forEach(i -> intentArray.add(RecordJson.intent(i)));
      out.print(RecordJson.print(all));
      return ExitCodes.OK;
    }
    out.println("Pulled records: " + records.size());
    for (PulledRecord record : records) {
      RecordText.summary(out, record);
    }
    out.println();
    out.println("Pull intents: " + intents.size());
    for (String intent : intents) {
      out.println(TerminalText.escape(intent));
    }
    return ExitCodes.OK;
  }

  private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
    return items.stream().sorted(order).toList();
  }
}
