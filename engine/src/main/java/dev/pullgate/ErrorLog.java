package dev.pullgate;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs the failures that made decisions or lifecycle calls fail closed, without secrets and without
 * flooding: the 1st, 2nd, 4th, 8th… failure of each kind is logged with the running count.
 *
 * <p>Only the exception's type is logged for failures of the caller's own code (credential
 * lookups), whose messages Pullgate cannot vouch for; store failures carry Pullgate's own messages,
 * which never contain credentials.
 */
final class ErrorLog {
  private static final Logger LOG = System.getLogger("dev.pullgate");

  private final AtomicLong storeErrors = new AtomicLong();
  private final AtomicLong lookupErrors = new AtomicLong();

  /** A store read failed during a decision. */
  void storeError(String operation, RuntimeException e) {
    long n = storeErrors.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.log(
          Level.WARNING,
          "store failure during {0}, failing closed (failure {1}): {2}: {3}",
          operation,
          n,
          e.getClass().getSimpleName(),
          e.getMessage());
    }
  }

  /** The caller's credential lookup threw during a decision. */
  void credentialLookupError(Throwable e) {
    long n = lookupErrors.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.log(
          Level.WARNING,
          "pod credential lookup failed, failing closed (failure {0}): {1}",
          n,
          e.getClass().getName());
    }
  }

  /** A record merge that a decision triggered could not be stored; the decision stands. */
  void mergeError(RuntimeException e) {
    storeError("a merge after a match", e);
  }
}
