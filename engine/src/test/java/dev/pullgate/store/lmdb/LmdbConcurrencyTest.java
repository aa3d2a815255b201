package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.store.TestRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads from many threads: against a closing store, and as threads come and go. */
class LmdbConcurrencyTest {
  @TempDir Path dir;

  @Test
  void closeDuringConcurrentReads_neverCrashes_andEachReadIsCorrectOrAStoreException()
      throws Exception {
    LmdbPullRecordStore store = LmdbPullRecordStore.open(dir);
    List<PulledRecord> records = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      records.add(richRecord("sha256:c" + i, T0.plusSeconds(i)));
    }
    store.write(TestRecords.putAll(records));

    int threads = 8;
    CountDownLatch warmedUp = new CountDownLatch(threads);
    ConcurrentLinkedQueue<Throwable> wrong = new ConcurrentLinkedQueue<>();
    AtomicLong correct = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      Thread reader =
          new Thread(
              () -> {
                for (int i = 0; ; i++) {
                  PulledRecord expected = records.get((seed * 7 + i) % records.size());
                  try {
                    if (!store.pulledRecord(expected.imageRef()).equals(Optional.of(expected))
                        || store.pullIntentExists("absent")) {
                      wrong.add(new AssertionError("wrong read of " + expected.imageRef()));
                    }
                    correct.incrementAndGet();
                  } catch (StoreException e) {
                    refused.incrementAndGet();
                    if (!e.getMessage().equals("store is closed")) {
                      wrong.add(e);
                    }
                    return;
                  } catch (Throwable e) {
                    wrong.add(e);
                    return;
                  }
                  if (i == 1000) {
                    warmedUp.countDown();
                  }
                }
              });
      readers.add(reader);
      reader.start();
    }
    warmedUp.await();
    store.close();
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(wrong).isEmpty();
    assertThat(refused.get()).isEqualTo(threads);
    assertThat(correct.get()).isGreaterThanOrEqualTo(threads * 1000L);

    try (LmdbPullRecordStore reopened = LmdbPullRecordStore.open(dir)) {
      assertThat(reopened.pulledRecordCount()).isEqualTo(records.size());
    }
  }

  @Test
  void millionReads_byThreadsThatComeAndGo_leaveTheReaderTableAsTheyFoundIt() throws Exception {
    int maxReaders = 16;
    LmdbPullRecordStore.Options options =
        new LmdbPullRecordStore.Options(dir, 1 << 20, 1 << 26, true, maxReaders);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options)) {
      store.write(Update.putIntent("registry.example/present:v1"));
      int threadsPerRound = 4;
      int readsPerThread = 1000;
      int before = store.stats().readerSlotsHighWater();
      runRound(store, threadsPerRound, readsPerThread);
      int highWater = store.stats().readerSlotsHighWater();
      assertThat(highWater).isEqualTo(before + threadsPerRound);

      int rounds = 1_000_000 / (threadsPerRound * readsPerThread);
      for (int round = 1; round < rounds; round++) {
        runRound(store, threadsPerRound, readsPerThread);
      }
      assertThat(store.stats().readerSlotsHighWater()).isEqualTo(highWater);
      assertThat(store.keptReadTxns()).isLessThanOrEqualTo(threadsPerRound + 1);
    }
  }

  @Test
  void moreReadingThreadsThanKeptTransactions_fallBackToOneShotReads() throws Exception {
    int maxReaders = 4;
    LmdbPullRecordStore.Options options =
        new LmdbPullRecordStore.Options(dir, 1 << 20, 1 << 26, true, maxReaders);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(options)) {
      store.write(Update.putIntent("registry.example/present:v1"));
      CountDownLatch allRead = new CountDownLatch(3);
      CountDownLatch release = new CountDownLatch(1);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < 100; i++) {
                      assertThat(store.pullIntentExists("registry.example/present:v1")).isTrue();
                    }
                    allRead.countDown();
                    release.await();
                  } catch (Throwable e) {
                    failures.add(e);
                    allRead.countDown();
                  }
                });
        threads.add(thread);
        thread.start();
      }
      allRead.await();
      assertThat(store.keptReadTxns()).isEqualTo(2);
      release.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(failures).isEmpty();
    }
  }

  /**
   * Starts {@code threads} threads that each read {@code reads} times, all holding their
   * transactions at once (the reader table's worst case), and waits for them to end.
   */
  private static void runRound(LmdbPullRecordStore store, int threads, int reads)
      throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(threads);
    CountDownLatch finished = new CountDownLatch(threads);
    List<Thread> round = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  try {
                    readPresentIntent(store);
                  } finally {
                    started.countDown();
                  }
                  started.await();
                  for (int i = 1; i < reads; i++) {
                    readPresentIntent(store);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                } finally {
                  finished.countDown();
                }
                try {
                  finished.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      round.add(thread);
      thread.start();
    }
    for (Thread thread : round) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  private static void readPresentIntent(LmdbPullRecordStore store) {
    if (!store.pullIntentExists("registry.example/present:v1")) {
      throw new AssertionError("intent missing");
    }
  }
}
