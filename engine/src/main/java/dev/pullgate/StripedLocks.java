package dev.pullgate;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import net.openhft.hashing.LongHashFunction;

/**
 * A fixed set of locks that serialises updates of the same key (an imageRef or an image string)
 * while updates of different keys mostly run in parallel. xxHash of the key picks the stripe.
 */
final class StripedLocks {
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  private final ReentrantLock[] locks;
  private final int mask;

  /** {@code stripes} locks; a power of two, validated by the configuration. */
  StripedLocks(int stripes) {
    this.locks = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      locks[i] = new ReentrantLock();
    }
    this.mask = stripes - 1;
  }

  /** The lock that guards {@code key}. */
  ReentrantLock lockFor(String key) {
    return locks[stripe(key)];
  }

  /**
   * Runs {@code action} holding the locks of all {@code keys}, taken in stripe order (so that two
   * callers of this method never wait for each other in a cycle) and released in reverse. A caller
   * must hold no lock of this set already.
   */
  <T> T underLocks(Collection<String> keys, Supplier<T> action) {
    int[] stripes = keys.stream().mapToInt(this::stripe).distinct().sorted().toArray();
    int locked = 0;
    try {
      for (int stripe : stripes) {
        locks[stripe].lock();
        locked++;
      }
      return action.get();
    } finally {
      for (int i = locked - 1; i >= 0; i--) {
        locks[stripes[i]].unlock();
      }
    }
  }

  private int stripe(String key) {
    return (int) HASH.hashChars(key) & mask;
  }

  /** Runs {@code action} holding the lock of {@code key}. */
  <T> T underLock(String key, Supplier<T> action) {
    ReentrantLock lock = lockFor(key);
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
