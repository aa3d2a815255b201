package dev.pullgate.kubelet;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks that keys share by hash, as the kubelet's striped lock set: writers of one
 * key exclude each other, writers of most different keys do not, and {@link #lockAll()} excludes
 * every writer (the kubelet takes it around a listing that refills its cache).
 */
final class StripedLocks {
  private final ReentrantLock[] stripes;

  StripedLocks(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("lock stripes must be positive, was " + count);
    }
    stripes = new ReentrantLock[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Locks the stripe of {@code key}. */
  void lock(String key) {
    stripeOf(key).lock();
  }

  /** Unlocks the stripe of {@code key}, which this thread locked. */
  void unlock(String key) {
    stripeOf(key).unlock();
  }

  /** Locks every stripe, always in the same order so two global lockers cannot deadlock. */
  void lockAll() {
    for (ReentrantLock stripe : stripes) {
      stripe.lock();
    }
  }

  /** Unlocks every stripe, which this thread locked with {@link #lockAll()}. */
  void unlockAll() {
    for (int i = stripes.length - 1; i >= 0; i--) {
      stripes[i].unlock();
    }
  }

  private ReentrantLock stripeOf(String key) {
    int h = key.hashCode();
    return stripes[Math.floorMod(h ^ (h >>> 16), stripes.length)];
  }
}
