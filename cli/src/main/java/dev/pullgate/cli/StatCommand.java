package dev.pullgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pullgate.error.StoreException;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
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
      "Schema version, record and intent counts, records observed as preloaded, forgetting index"
          + " entries, how credential hashes are kept, data file size, map size and use, and reader"
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
    Optional<String> hashKeyId;
    Preloaded preloaded;
    try (LmdbPullRecordStore opened = StoreAccess.openReadOnly(store.directory)) {
      stats = opened.stats();
      hashKeyId = opened.hashKeyId();
      preloaded = Preloaded.count(opened);
    }
    if (json) {
      out.print(RecordJson.print(toJson(stats, hashKeyId, preloaded)));
    } else {
      print(out, stats, hashKeyId, preloaded);
    }
    return ExitCodes.OK;
  }

  /**
   * The records that only list names observed as preloaded, and those names; both -1 when a damaged
   * record stopped the count.
   */
  private record Preloaded(long records, long names) {
    static Preloaded count(LmdbPullRecordStore store) {
      long[] counts = new long[2];
      try {
        store.forEachRecord(
            record -> {
              counts[0] += record.pulledByNode() ? 0 : 1;
              counts[1] += record.preloadedNames().size();
            });
      } catch (StoreException e) {
        // stat shows the store's shape even when a record is damaged; verify lists the damage.
        return new Preloaded(-1, -1);
      }
      return new Preloaded(counts[0], counts[1]);
    }
  }

  private static void print(
      PrintWriter out,
      LmdbPullRecordStore.Stats s,
      Optional<String> hashKeyId,
      Preloaded preloaded) {
    row(out, "store", s.path().toString());
    row(out, "schema version", Integer.toString(s.schemaVersion()));
    row(out, "pulled records", String.format(Locale.ROOT, "%,d", s.pulledRecords()));
    row(
        out,
        "preloaded records",
        preloaded.records() < 0
            ? "unknown: a record is damaged (pullgate verify lists it)"
            : String.format(
                Locale.ROOT,
                "%,d of them only observed on the node, never pulled; %s in all",
                preloaded.records(),
                RecordText.counted(preloaded.names(), "preloaded image name")));
    row(out, "pull intents", String.format(Locale.ROOT, "%,d", s.pullIntents()));
    row(out, "index entries", String.format(Locale.ROOT, "%,d", s.indexEntries()));
    row(
        out,
        "credential hashes",
        hashKeyId
            .map(id -> "keyed (pullgate.credentials.hashKey; key id " + id + ")")
            .orElse("the kubelet's (no hash key)"));
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

  private static ObjectNode toJson(
      LmdbPullRecordStore.Stats s, Optional<String> hashKeyId, Preloaded preloaded) {
    ObjectNode json =
        RecordJson.object()
            .put("path", s.path().toString())
            .put("schemaVersion", s.schemaVersion())
            .put("pulledRecords", s.pulledRecords());
    if (preloaded.records() < 0) {
      json.putNull("preloadedRecords").putNull("preloadedNames");
    } else {
      json.put("preloadedRecords", preloaded.records()).put("preloadedNames", preloaded.names());
    }
    json.put("pullIntents", s.pullIntents()).put("indexEntries", s.indexEntries());
    if (hashKeyId.isPresent()) {
      json.put("hashKeyId", hashKeyId.get());
    } else {
      json.putNull("hashKeyId");
    }
    return json.put("dataFileBytes", s.dataFileBytes())
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
