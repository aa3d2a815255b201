package dev.pullgate.store;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Loads racing writes: a miss that read the delegate before a write must never leave its older
 * answer in the cache after the write. The delegate holds the load after it has read its value.
 */
@Tag("concurrency")
class CachingPullRecordStoreRaceTest {
  private final RecordingPullRecordStore delegate = new RecordingPullRecordStore();
  private final CachingPullRecordStore store =
      new CachingPullRecordStore(delegate, 1000, 1000, Runnable::run);

  @Test
  void loadRacingAWrite_neverInstallsTheAbsenceItReadBeforeTheWrite() throws Exception {
    RecordingPullRecordStore.Hold hold = delegate.holdNextRead();
    Background<Optional<PulledRecord>> load =
        Background.start(() -> store.pulledRecord("sha256:k"));
    hold.awaitReached();
    PulledRecord record = richRecord("sha256:k", T0);

    Background<Void> write =
        Background.run(() -> store.write(Update.putRecord(record))).awaitParkedOrDone();
    hold.release();

    assertThat(load.join()).isEmpty();
    write.join();
    assertThat(store.pulledRecord("sha256:k")).contains(record);
    assertThat(delegate.inner.pulledRecord("sha256:k")).contains(record);
  }

  @Test
  void loadRacingADelete_neverInstallsTheRecordItReadBeforeTheDelete() throws Exception {
    delegate.inner.write(Update.putRecord(richRecord("sha256:k", T0)));
    RecordingPullRecordStore.Hold hold = delegate.holdNextRead();
    Background<Optional<PulledRecord>> load =
        Background.start(() -> store.pulledRecord("sha256:k"));
    hold.awaitReached();

    Background<Void> delete =
        Background.run(() -> store.write(Update.deleteRecord("sha256:k"))).awaitParkedOrDone();
    hold.release();

    assertThat(load.join()).isPresent();
    delete.join();
    assertThat(store.pulledRecord("sha256:k")).isEmpty();
  }

  @Test
  void loadRacingAnUpdateOfManyKeys_isReplacedOnceTheUpdateIsDone() throws Exception {
    RecordingPullRecordStore.Hold hold = delegate.holdNextRead();
    Background<Optional<PulledRecord>> load =
        Background.start(() -> store.pulledRecord("sha256:k"));
    hold.awaitReached();
    PulledRecord record = richRecord("sha256:k", T0);

    Background<Void> batch = Background.run(() -> store.write(twoKeys(record))).awaitParkedOrDone();
    hold.release();

    assertThat(load.join()).isEmpty();
    batch.join();
    assertThat(store.pulledRecord("sha256:k")).contains(record);
  }

  @Test
  void loadDuringAnUpdateOfManyKeys_isReplacedOnceTheUpdateIsDone() throws Exception {
    RecordingPullRecordStore.Hold hold = delegate.holdNextWrite();
    PulledRecord record = richRecord("sha256:k", T0);
    Background<Void> batch = Background.run(() -> store.write(twoKeys(record)));
    hold.awaitReached();

    assertThat(store.pulledRecord("sha256:k")).isEmpty();
    hold.release();
    batch.join();

    assertThat(store.pulledRecord("sha256:k")).contains(record);
  }

  /**
   * Over write-behind, a write is visible below the cache from the moment it is queued, while hits
   * still return the cached record until the commit. A forget that asked for the records holding a
   * namespace then skipped this one and returned, and decisions granted on the cached record.
   */
  @Test
  void imageRefsWith_duringAWriteThatDropsTheTerm_stillNamesTheRecordHitsReturn() throws Exception {
    PulledRecord withTeamC =
        record("sha256:k", T0, "r.example/app", secret("team-c", "regcred", 1));
    PulledRecord withoutTeamC =
        record("sha256:k", T0.plusSeconds(1), "r.example/app", secret("team-a", "regcred", 2));
    delegate.inner.write(Update.putRecord(withTeamC));
    WriteBehindPullRecordStore writeBehind = new WriteBehindPullRecordStore(delegate);
    CachingPullRecordStore cached =
        new CachingPullRecordStore(writeBehind, 1000, 1000, Runnable::run);
    try {
      assertThat(cached.pulledRecord("sha256:k")).contains(withTeamC);
      RecordingPullRecordStore.Hold commit = delegate.holdNextWrite();
      Background<Void> write = Background.run(() -> cached.write(Update.putRecord(withoutTeamC)));
      commit.awaitReached();

      assertThat(cached.pulledRecord("sha256:k")).contains(withTeamC);
      assertThat(cached.imageRefsBeingWritten()).containsExactly("sha256:k");
      // Write-behind answers index lookups between commits, so this one waits for the held
      // commit. Whenever it answers, a record it leaves out must be one hits no longer return
      // with the term.
      Background<Set<String>> lookup =
          Background.start(
              () -> cached.imageRefsWith(PullRecordStore.IndexTerm.NAMESPACE, "team-c"));

      commit.release();
      Set<String> found = lookup.join();
      if (!found.contains("sha256:k")) {
        assertThat(cached.pulledRecord("sha256:k")).contains(withoutTeamC);
      }
      write.join();
      assertThat(cached.pulledRecord("sha256:k")).contains(withoutTeamC);
      assertThat(cached.imageRefsWith(PullRecordStore.IndexTerm.NAMESPACE, "team-c")).isEmpty();
      assertThat(cached.imageRefsBeingWritten()).isEmpty();
    } finally {
      cached.close();
    }
  }

  @Test
  void concurrentReadsAndWrites_leaveEveryCachedAnswerEqualToTheDelegate() throws Exception {
    long seed = System.nanoTime();
    System.out.println("CachingPullRecordStoreRaceTest seed=" + seed);
    CachingPullRecordStore small = new CachingPullRecordStore(delegate, 64, 64, Runnable::run);
    int writers = 4;
    int keysPerWriter = 64;
    ExecutorService pool = Executors.newFixedThreadPool(writers * 2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Random random = new Random(seed + w);
        int writer = w;
        // Each writer owns its keys, as the engine serialises writes per key; readers read all.
        futures.add(pool.submit(() -> writeRandomly(small, random, writer, keysPerWriter)));
        Random readRandom = new Random(seed - w);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    small.pulledRecord(
                        key(readRandom.nextInt(writers), readRandom.nextInt(keysPerWriter)));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int w = 0; w < writers; w++) {
      for (int k = 0; k < keysPerWriter; k++) {
        assertThat(small.pulledRecord(key(w, k)))
            .as("seed=%d key=%s", seed, key(w, k))
            .isEqualTo(delegate.inner.pulledRecord(key(w, k)));
      }
    }
  }

  private static void writeRandomly(
      CachingPullRecordStore store, Random random, int writer, int keys) {
    for (int i = 0; i < 2_000; i++) {
      String key = key(writer, random.nextInt(keys));
      switch (random.nextInt(4)) {
        case 0 -> store.write(Update.deleteRecord(key));
        case 1 -> store.write(twoKeys(version(key, i)));
        default -> store.write(Update.putRecord(version(key, i)));
      }
    }
  }

  /** An update of {@code record} and an intent, which the cache cannot hold one lock for. */
  private static Update twoKeys(PulledRecord record) {
    return Update.builder().putRecord(record).putIntent("docker.io/library/app:latest").build();
  }

  private static PulledRecord version(String key, int version) {
    return record(key, T0.plusSeconds(version), "r.example/app", secret("ns", "s", version));
  }

  private static String key(int writer, int index) {
    return "sha256:w" + writer + "-" + index;
  }
}
