package dev.pullgate.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listing takes no lock while the record cache holds everything, so writes and deletes go on
 * under it: an entry that is gone by the time the listing reads it (a write's temporary file,
 * renamed; a deleted record) is not in the directory, and never makes the listing incomplete, nor
 * pruning over it fail.
 */
class ListingWhileWritingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path root;

  private static PulledRecord record(int i) {
    return new PulledRecord(
        "sha256:r" + i,
        T0,
        Map.of("registry.example/app-" + i, CredentialSet.nodePodsAccessible()));
  }

  @Test
  void aDanglingLinkNamedLikeARecord_isSkipped_andTheListingIsComplete() throws IOException {
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    directory.createDirectories();
    directory.writePulledRecord(record(1), KubeletApiVersion.V1BETA1);
    String name = KubeletRecordDirectory.fileName("sha256:gone");
    Files.createSymbolicLink(
        root.resolve(KubeletRecordDirectory.PULLED).resolve(name), root.resolve("nowhere"));

    Listing<PulledRecord> listing = directory.listPulledRecords();

    assertThat(listing.isComplete()).isTrue();
    assertThat(listing.items()).containsExactly(record(1));
    assertThat(listing.skipped())
        .containsExactly(new SkippedFile(name, KubeletRecordDirectory.GONE));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void listingsUnderWritesAndDeletes_areAlwaysComplete() throws InterruptedException {
    try (KubeletFileRecordStore store = KubeletFileRecordStore.open(root)) {
      for (int i = 0; i < 40; i++) {
        store.write(Update.putRecord(record(i)));
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> writerFailure = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int n = 0; !stop.get(); n++) {
                    int i = 20 + n % 20;
                    store.write(
                        n % 3 == 0
                            ? Update.deleteRecord("sha256:r" + i)
                            : Update.putRecord(record(i)));
                  }
                } catch (Throwable e) {
                  writerFailure.set(e);
                }
              });
      writer.start();
      try {
        for (int listing = 0; listing < 50; listing++) {
          Listing<PulledRecord> found = store.listPulledRecords();
          assertThat(found.errors()).as("listing %d", listing).isEmpty();
          assertThat(found.items()).hasSizeGreaterThanOrEqualTo(20);
          store.forEachRecord(record -> {});
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(writerFailure.get()).isNull();
    }
  }
}
