package dev.pullgate;

import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies the merges that decisions trigger (ENGINE-SPEC §4, step 9) on one background thread, so
 * that a decision only hands a request over and never waits: new coordinates of a secret matched by
 * hash, and the new hash of a rotated secret.
 *
 * <p>Each request is merged under its imageRef's lock against the record as it is then, and written
 * deferred (visible at once, committed in a batch). Merges only teach a record what a decision
 * already proved, so a request that finds the queue full is dropped and counted: the next decision
 * of that pod asks again. {@link #drain()} waits until every request handed over before it is
 * applied.
 */
final class MergeWorker implements AutoCloseable {
  /** How many requests may wait; beyond it requests are dropped. */
  static final int CAPACITY = 10_000;

  private final PullRecordStore store;
  private final StripedLocks recordLocks;
  private final ErrorLog errorLog;
  private final InstantSource clock;
  private final int maxSecretsPerImage;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  MergeWorker(
      PullRecordStore store,
      StripedLocks recordLocks,
      ErrorLog errorLog,
      InstantSource clock,
      int maxSecretsPerImage,
      ThreadFactory threads) {
    this.store = store;
    this.recordLocks = recordLocks;
    this.errorLog = errorLog;
    this.clock = clock;
    this.maxSecretsPerImage = maxSecretsPerImage;
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  /**
   * Asks for {@code secret}'s coordinates to join the entry of {@code imageName}, dated at the
   * latest acceptance time of the entries it matched by hash.
   */
  void learnCoordinates(
      String imageRef, String imageName, SecretCredential secret, long matchedAcceptedAtMillis) {
    offer(new Request(imageRef, imageName, secret, matchedAcceptedAtMillis, false));
  }

  /** Asks for the rotated {@code secret}'s new hash to replace the old one in place. */
  void storeRotatedHash(String imageRef, String imageName, SecretCredential secret) {
    offer(new Request(imageRef, imageName, secret, 0, true));
  }

  /** How many requests were dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** Waits until every request handed over before this call has been applied. */
  void drain() {
    if (closed) {
      return;
    }
    Marker marker = new Marker(false);
    putUninterruptibly(marker);
    marker.awaitUninterruptibly();
  }

  /** Applies every request handed over, then stops the thread. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Marker marker = new Marker(true);
    putUninterruptibly(marker);
    marker.awaitUninterruptibly();
  }

  private void offer(Request request) {
    if (!queue.offer(request)) {
      dropped.incrementAndGet();
    }
  }

  private void run() {
    while (true) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        continue;
      }
      if (item instanceof Marker marker) {
        marker.done.countDown();
        if (marker.stops) {
          return;
        }
      } else {
        apply((Request) item);
      }
    }
  }

  private void apply(Request request) {
    try {
      recordLocks.underLock(
          request.imageRef,
          () -> {
            PulledRecord current = store.pulledRecord(request.imageRef).orElse(null);
            if (current == null) {
              return null;
            }
            Instant now = clock.instant();
            Optional<PulledRecord> merged =
                request.rotated
                    ? RecordMerge.mergeRotatedSecret(
                        current, request.imageName, request.secret, now)
                    : RecordMerge.mergeMatchedSecret(
                        current,
                        request.imageName,
                        request.secret,
                        Instant.ofEpochMilli(request.acceptedAtMillis),
                        maxSecretsPerImage,
                        now);
            merged.ifPresent(
                record -> store.writeDeferred(PullRecordStore.Update.putRecord(record)));
            return null;
          });
    } catch (RuntimeException e) {
      errorLog.mergeError(e);
    }
  }

  private void putUninterruptibly(Object item) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          queue.put(item);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A merge to apply. */
  private record Request(
      String imageRef,
      String imageName,
      SecretCredential secret,
      long acceptedAtMillis,
      boolean rotated) {}

  /** A point in the queue that a caller waits for; the closing one also stops the thread. */
  private static final class Marker {
    final boolean stops;
    final CountDownLatch done = new CountDownLatch(1);

    Marker(boolean stops) {
      this.stops = stops;
    }

    void awaitUninterruptibly() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
