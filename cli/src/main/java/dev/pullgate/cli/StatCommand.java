package dev.pullgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pullgate stat --store DIR}: the size and shape of a store, read-only. */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Shows a store's counts, sizes, map use and schema version.",
      "Schema version, record and intent counts, data file size, map size and use, and reader"
          + " slots.",
      "Opens the store read-only: safe while a node agent is writing it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.HELP_OK,
      "2:bad command line, or no readable store at DIR",
      ExitCodes.HELP_INTERNAL
    })
final class StatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOption store;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    return OperatorRun.run(spec, this::run);
  }

  private int run(PrintWriter out, PrintWriter err) {
    LmdbPullRecordStore.Stats stats;
    try (LmdbPullRecordStore opened = StoreAccess.openReadOnly(store.directory)) {
      stats = opened.stats();
    }
    if (json) {
      out.print(RecordJson.print(toJson(stats)));
    } else {
      print(out, stats);
    }
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, LmdbPullRecordStore.Stats s) {
    row(out, "store", s.path().toString());
    row(out, "schema version", Integer.toString(s.schemaVersion()));
    row(out, "pulled records", String.format(Locale.ROOT, "%,d", s.pulledRecords()));
    row(out, "pull intents", String.format(Locale.ROOT, "%,d", s.pullIntents()));
    row(
        out,
        "data file",
        bytes(s.dataFileBytes()) + String.format(Locale.ROOT, " (%,d bytes)", s.dataFileBytes()));
    row(
        out,
        "map",
        bytes(s.mapBytesUsed())
            + " used of "
            + bytes(s.mapSize())
            + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * s.mapBytesUsed() / s.mapSize()));
    row(out, "page size", String.format(Locale.ROOT, "%,d bytes", s.pageSize()));
    row(out, "last transaction", Long.toString(s.lastTransactionId()));
    row(
        out,
        "reader slots",
        s.readerSlotsHighWater() + " of " + s.maxReaders() + " used at most (high-water mark)");
  }

  private static ObjectNode toJson(LmdbPullRecordStore.Stats s) {
    return RecordJson.object()
        .put("path", s.path().toString())
        .put("schemaVersion", s.schemaVersion())
        .put("pulledRecords", s.pulledRecords())
        .put("pullIntents", s.pullIntents())
        .put("dataFileBytes", s.dataFileBytes())
        .put("mapSize", s.mapSize())
        .put("mapBytesUsed", s.mapBytesUsed())
        .put("pageSize", s.pageSize())
        .put("lastTransactionId", s.lastTransactionId())
        .put("readerSlotsHighWater", s.readerSlotsHighWater())
        .put("maxReaders", s.maxReaders());
  }

  private static void row(PrintWriter out, String label, String value) {
    out.printf(Locale.ROOT, "%-18s %s%n", label, value);
  }

  /** {@code n} bytes in the binary unit that reads best: {@code 512 B}, {@code 92.0 KiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
