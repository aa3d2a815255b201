package dev.pullgate.kubelet;

import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes every pulled record and pull intent of a {@link PullRecordStore} into a kubelet image
 * manager directory, so that a node can go back to the kubelet's own implementation. Importing the
 * result into an empty store gives back the same records and intents.
 *
 * <p>The target must hold no record files yet: mixing in a directory's older records would make a
 * store that neither side had. Files are written atomically, {@code 0600} in {@code 0700}
 * directories, and times are kept to whole seconds, as the kubelet keeps them. A file that cannot
 * be written stops the export with a {@link RecordFileException} naming it and the reason, a store
 * that cannot be read with its {@link dev.pullgate.error.StoreException}; files written before
 * either stay.
 */
public final class KubeletExport {
  private KubeletExport() {}

  /** Exports {@code store} into {@code root} in {@link KubeletApiVersion#DEFAULT} (v1beta1). */
  public static ExportReport export(PullRecordStore store, Path root) {
    return export(store, root, KubeletApiVersion.DEFAULT);
  }

  /**
   * Exports {@code store} into {@code root} in {@code version}, creating the directories.
   *
   * @throws IllegalStateException when {@code root} already holds record files
   */
  public static ExportReport export(PullRecordStore store, Path root, KubeletApiVersion version) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(version, "version");
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    long existing = directory.countPulledRecordFiles() + directory.countPullIntentFiles();
    if (existing > 0) {
      throw new IllegalStateException(
          "export target " + root + " already holds " + existing + " record files");
    }
    directory.createDirectories();
    List<PulledRecord> records = store.pulledRecords();
    for (PulledRecord record : records) {
      directory.writePulledRecord(record, version);
    }
    List<PullIntent> intents = store.pullIntents();
    for (PullIntent intent : intents) {
      directory.writePullIntent(intent, version);
    }
    return new ExportReport(records.size(), intents.size(), version);
  }
}
