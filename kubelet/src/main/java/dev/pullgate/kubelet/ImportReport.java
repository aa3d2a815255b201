package dev.pullgate.kubelet;

import java.util.List;

/**
 * What {@link KubeletImport} did: how many records and intents it wrote into the store, and which
 * files it left out and why.
 *
 * @param importedRecords pulled records written into the store
 * @param importedIntents pull intents written into the store
 * @param skipped files not imported, named relative to the directory ({@code pulled/sha256-…}):
 *     damaged or misplaced record files and entries that are not record files
 */
public record ImportReport(int importedRecords, int importedIntents, List<SkippedFile> skipped) {
  public ImportReport {
    skipped = List.copyOf(skipped);
  }
}
