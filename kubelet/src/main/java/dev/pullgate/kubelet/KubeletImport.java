package dev.pullgate.kubelet;

import dev.pullgate.PullGate;
import dev.pullgate.error.StoreException;
import dev.pullgate.image.ImageName;
import dev.pullgate.record.PulledRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The readable content of a kubelet image manager directory (both apiVersions), ready to be written
 * into an engine's store ({@link PullGate#importRecords}), replacing records it already holds under
 * the same keys. Intents are keyed by the normalised reference of their image, as the engine keys
 * them; the kubelet's single time per record dates every credential of it. Files that cannot be
 * imported are skipped and reported, never fatal: a damaged file, an unknown field, a wrong kind or
 * version, a stored key that does not match the file name, and entries that are not record files
 * ({@code *.tmp} leftovers, foreign names, directories).
 *
 * <p>The directory is only read, and all of it is read before anything is written: a directory that
 * cannot be listed stops the import before the store is touched. A failure of the target store
 * stops the import with its {@link StoreException}; what was written before stays written.
 */
public final class KubeletImport {
  private final Listing<PulledRecord> records;
  private final Listing<String> intents;

  private KubeletImport(Listing<PulledRecord> records, Listing<String> intents) {
    this.records = records;
    this.intents = intents;
  }

  /**
   * Reads every record and intent under {@code root}.
   *
   * @throws IllegalArgumentException when {@code root} is not a directory, or it or one of its
   *     subdirectories cannot be listed; the message names the directory
   */
  public static KubeletImport read(Path root) {
    if (!Files.isDirectory(Objects.requireNonNull(root, "root"))) {
      throw new IllegalArgumentException("not a kubelet image manager directory: " + root);
    }
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    try {
      return new KubeletImport(directory.listPulledRecords(), directory.listPullIntents());
    } catch (StoreException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Imports every readable record and intent under {@code root} into {@code gate}'s store.
   *
   * @throws IllegalArgumentException as {@link #read} does, before anything is written
   */
  public static ImportReport importInto(Path root, PullGate gate) {
    Objects.requireNonNull(gate, "gate");
    return read(root).writeInto(gate);
  }

  /**
   * Writes the records and intents read into {@code gate}'s store, in large commits, and reports
   * what was left out: besides unreadable files, intents whose image is not a valid reference (the
   * engine could never match them).
   */
  public ImportReport writeInto(PullGate gate) {
    Objects.requireNonNull(gate, "gate");
    List<SkippedFile> skipped = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (String image : intents.items()) {
      if (ImageName.tryParse(image).isPresent()) {
        images.add(image);
      } else {
        skipped.add(
            new SkippedFile(
                KubeletRecordDirectory.PULLING + "/" + KubeletRecordDirectory.fileName(image),
                "its image is not a valid image reference"));
      }
    }
    gate.importRecords(records.items(), images);
    collectSkipped(KubeletRecordDirectory.PULLED, records, skipped);
    collectSkipped(KubeletRecordDirectory.PULLING, intents, skipped);
    return new ImportReport(records.items().size(), images.size(), skipped);
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
