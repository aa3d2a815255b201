package dev.pullgate.kubelet;

import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a kubelet image manager directory (both apiVersions) and writes its pulled records and pull
 * intents into any {@link PullRecordStore}, replacing records the store already holds under the
 * same keys. Files that cannot be imported are skipped and reported, never fatal: a damaged file,
 * an unknown field, a wrong kind or version, a stored key that does not match the file name, and
 * entries that are not record files ({@code *.tmp} leftovers, foreign names, directories).
 *
 * <p>The directory is only read. A failure of the target store stops the import with its {@link
 * dev.pullgate.store.StoreException}; what was written before stays written.
 */
public final class KubeletImport {
  private KubeletImport() {}

  /**
   * Imports every readable record and intent under {@code root} into {@code store}.
   *
   * @throws IllegalArgumentException when {@code root} is not a directory
   */
  public static ImportReport importInto(Path root, PullRecordStore store) {
    Objects.requireNonNull(store, "store");
    if (!Files.isDirectory(Objects.requireNonNull(root, "root"))) {
      throw new IllegalArgumentException("not a kubelet image manager directory: " + root);
    }
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    List<SkippedFile> skipped = new ArrayList<>();

    Listing<PulledRecord> records = directory.listPulledRecords();
    for (PulledRecord record : records.items()) {
      store.writePulledRecord(record);
    }
    collectSkipped(KubeletRecordDirectory.PULLED, records, skipped);

    Listing<PullIntent> intents = directory.listPullIntents();
    for (PullIntent intent : intents.items()) {
      store.writePullIntent(intent);
    }
    collectSkipped(KubeletRecordDirectory.PULLING, intents, skipped);

    return new ImportReport(records.items().size(), intents.items().size(), skipped);
  }

  private static void collectSkipped(
      String subdirectory, Listing<?> listing, List<SkippedFile> out) {
    for (ReadError error : listing.errors()) {
      out.add(new SkippedFile(subdirectory + "/" + error.fileName(), error.reason()));
    }
    for (SkippedFile file : listing.skipped()) {
      out.add(new SkippedFile(subdirectory + "/" + file.fileName(), file.reason()));
    }
  }
}
