package dev.pullgate.kubelet;

import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Writes every pulled record and pull intent of a {@link PullRecordStore} into a kubelet image
 * manager directory, so that a node can go back to the kubelet's own implementation. What the
 * kubelet's format cannot hold is left out and counted: records of images only observed as
 * preloaded, and preloaded names of pulled records. A record's {@code lastUpdatedTime} is the time
 * a registry last accepted any of its credentials (its own time when it has none), and every intent
 * is written under its normalised reference. A store that keeps credential hashes under a key is
 * refused: the kubelet could not match them.
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

  /**
   * {@code record} as the kubelet keeps it: no preloaded names, and as its time the newest time a
   * registry accepted one of its credentials.
   */
  static PulledRecord forKubelet(PulledRecord record) {
    Instant newest = null;
    for (CredentialSet set : record.credentialMapping().values()) {
      Instant accepted = set.newestAcceptance();
      if (accepted != null && (newest == null || accepted.isAfter(newest))) {
        newest = accepted;
      }
    }
    return new PulledRecord(
        record.imageRef(),
        newest == null ? record.lastUpdated() : newest,
        record.credentialMapping());
  }

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
    if (store.hashKeyId().isPresent()) {
      throw new IllegalStateException(
          "the store keeps credential hashes under a key (pullgate.credentials.hashKey), which the"
              + " kubelet could not match; a keyed store cannot be exported");
    }
    directory.createDirectories();
    int[] counts = new int[3];
    store.forEachRecord(
        record -> {
          if (!record.pulledByNode()) {
            counts[1]++;
            return;
          }
          counts[2] += record.preloadedNames().size();
          directory.writePulledRecord(forKubelet(record), version);
          counts[0]++;
        });
    List<String> intents = store.pullIntents();
    for (String reference : intents) {
      directory.writePullIntent(reference, version);
    }
    return new ExportReport(counts[0], intents.size(), counts[1], counts[2], version);
  }
}
