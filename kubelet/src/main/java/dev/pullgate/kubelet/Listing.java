package dev.pullgate.kubelet;

import java.util.List;

/**
 * What a listing of one records directory found: the records it could read, the record files it
 * could not read, and the entries that are not record files at all.
 *
 * <p>A listing never fails because of one bad file: the kubelet, too, goes on with what it could
 * read and reports the rest. Callers decide whether errors matter to them.
 *
 * @param items the records read, in file name order
 * @param errors record files that could not be read, in file name order
 * @param skipped entries that are not record files ({@code *.tmp}, foreign names, directories)
 * @param <T> the kind of record
 */
public record Listing<T>(List<T> items, List<ReadError> errors, List<SkippedFile> skipped) {
  public Listing {
    items = List.copyOf(items);
    errors = List.copyOf(errors);
    skipped = List.copyOf(skipped);
  }

  /** Whether every record file could be read. */
  public boolean isComplete() {
    return errors.isEmpty();
  }
}
