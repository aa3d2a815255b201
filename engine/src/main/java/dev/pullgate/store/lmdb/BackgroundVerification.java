package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Verifies a store after it opens and then on a schedule, so that damage that makes records vanish
 * (a flipped bit in a key) is found and decisions that rest on a missing record fail closed.
 *
 * <p>Each verification first checks the data file with plain reads, as an open does, so that damage
 * that struck since the open is found before LMDB reads it (see {@link #verifyNow}). A small store
 * is verified before its open returns; a larger one on a background thread right away, so that
 * opening stays fast. Damage found is recorded in the environment ({@link LmdbEnv#damageFound}),
 * which marks the store's identity, and logged with counts only.
 */
final class BackgroundVerification implements AutoCloseable {
  /** Up to this data file size the verification at open runs before the open returns. */
  static final long SYNCHRONOUS_MAX_BYTES = 32L * 1024 * 1024;

  private static final Logger LOG = System.getLogger("dev.pullgate.store");

  private final LmdbEnv env;
  private final ScheduledExecutorService executor;

  private BackgroundVerification(LmdbEnv env) {
    this.env = env;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pullgate-verify");
              thread.setDaemon(true);
              thread.setPriority(Thread.MIN_PRIORITY);
              return thread;
            });
  }

  /**
   * Verifies {@code env} now (before returning when it is small) and every {@code interval} after
   * that; zero verifies only now.
   */
  static BackgroundVerification start(LmdbEnv env, Duration interval) {
    BackgroundVerification verification = new BackgroundVerification(env);
    if (env.dataFileBytes() <= SYNCHRONOUS_MAX_BYTES) {
      verification.verifyNow();
    } else {
      verification.executor.execute(verification::verifyNow);
    }
    if (!interval.isZero()) {
      long millis = Math.max(1, interval.toMillis());
      verification.executor.scheduleWithFixedDelay(
          verification::verifyNow, millis, millis, TimeUnit.MILLISECONDS);
    }
    return verification;
  }

  /** Runs one verification; damage is recorded, failures are logged and retried next time. */
  void verifyNow() {
    try {
      if (!dataFileSound()) {
        return;
      }
      LmdbPullRecordStore.Verification verification = LmdbVerifier.verify(env);
      if (!verification.isIntact()) {
        String reason = summary(verification);
        env.damageFound(reason);
        LOG.log(
            Level.ERROR,
            "store at {0} is damaged: {1}; decisions that rest on a missing record now fail closed"
                + " until it is repaired (pullgate verify --store {0}, then pullgate repair)",
            env.dir(),
            reason);
      }
    } catch (StoreClosedException e) {
      // The store closed during the walk: nothing left to verify.
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "verification of the store at {0} failed and is retried at the next interval: {1}",
          env.dir(),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Checks the data file again with plain reads, as every open does, before the walk reads it
   * through LMDB: damage that struck since the open (a page below the roots, a truncation) would
   * crash this process in LMDB's native code. When it is damaged, the store stops reading and
   * writing through LMDB (see {@link LmdbEnv#fileDamageFound}) and the walk is skipped.
   *
   * @return whether the walk may run: the file is sound, or it changed during every check (the
   *     agent commits without pause), which leaves the walk as it was
   */
  private boolean dataFileSound() {
    try {
      DataFileCheck.check(env.dir());
      return true;
    } catch (StoreDamagedException e) {
      env.fileDamageFound(e.getMessage());
      LOG.log(
          Level.ERROR,
          "store at {0}: {1}; every decision now pulls and every write fails until the agent"
              + " restarts on a repaired or restored store",
          env.dir(),
          e.getMessage());
      return false;
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "the check of the store at {0} did not finish: {1}", env.dir(), e);
      return true;
    }
  }

  /** Stops the schedule and waits for a verification in progress to end. */
  @Override
  public void close() {
    executor.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The damage in a few words, for the identity file and the log: kinds and counts, no keys. */
  static String summary(LmdbPullRecordStore.Verification verification) {
    long records = count(verification, LmdbVerifier.RECORD);
    long intents = count(verification, LmdbVerifier.INTENT);
    long index = count(verification, LmdbVerifier.INDEX);
    return "verification found "
        + records
        + " damaged pulled records, "
        + intents
        + " damaged pull intents and "
        + index
        + " damaged index entries"
        + (count(verification, LmdbVerifier.LOST) > 0 ? ", and entries a repair lost" : "");
  }

  private static long count(LmdbPullRecordStore.Verification verification, String kind) {
    return verification.damage().stream().filter(d -> d.kind().equals(kind)).count();
  }
}
