package dev.pullgate;

import dev.pullgate.error.PullGateException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs the failures that made decisions or lifecycle calls fail closed, without secrets and without
 * flooding: the 1st, 2nd, 4th, 8th… failure of each kind is logged with the running count, and
 * every one is counted for the metrics.
 *
 * <p>Pullgate's own exceptions carry messages that never contain credentials, so they are logged;
 * for anything else only the type is, since its message may quote anything (a caller's credential
 * lookup, a JDK error about memory it was given).
 */
final class ErrorLog {
  private static final Logger LOG = System.getLogger("dev.pullgate");

  private final AtomicLong storeErrors = new AtomicLong();
  private final AtomicLong lookupErrors = new AtomicLong();
  private final AtomicLong mergeErrors = new AtomicLong();
  private final AtomicLong damagedStoreRefusals = new AtomicLong();

  /** A store read failed during a decision, or its data is known to be damaged. */
  void storeError(String operation, Throwable e) {
    long n = storeErrors.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.log(
          Level.WARNING,
          "store failure during {0}, failing closed (failure {1}): {2}",
          operation,
          n,
          describe(e));
    }
  }

  /** A decision rested on the absence of a record while the store is known to be damaged. */
  void absenceOnDamagedStore() {
    long n = damagedStoreRefusals.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.log(
          Level.WARNING,
          "the store is known to be damaged, so a missing record may be a lost one: failing closed"
              + " (decision {0} refused so); run pullgate verify and repair the store",
          n);
    }
  }

  /** The caller's credential lookup threw or returned null during a decision. */
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

  /** A record merge that a decision triggered could not be stored; the decision stood. */
  void mergeError(Throwable e) {
    mergeErrors.incrementAndGet();
    storeError("a merge after a match", e);
  }

  /** How many store failures and damaged-store refusals decisions met. */
  long storeErrors() {
    return storeErrors.get() + damagedStoreRefusals.get();
  }

  private static String describe(Throwable e) {
    return e instanceof PullGateException
        ? e.getClass().getSimpleName() + ": " + e.getMessage()
        : e.getClass().getName();
  }
}
