package dev.pullgate.jmh;

import java.util.concurrent.locks.LockSupport;

/**
 * The engine's background store verification as the benchmarks see it: threads named {@value
 * #NAME}. The engine offers no way to wait for a pass (an agent never needs one), so the benchmarks
 * watch those threads' states: a pass is over when none of them has been runnable for a while.
 */
final class VerificationThreads {
  /** The name of the engine's verification threads (an implementation detail it may change). */
  static final String NAME = "pullgate-verify";

  private static final long POLL_NANOS = 50_000_000L;
  private static final int IDLE_POLLS = 4;

  private VerificationThreads() {}

  /** Waits until no verification thread has been runnable for {@value #IDLE_POLLS} polls. */
  static void awaitIdle() {
    int idle = 0;
    while (idle < IDLE_POLLS) {
      LockSupport.parkNanos(POLL_NANOS);
      idle = anyRunning() ? 0 : idle + 1;
    }
  }

  private static boolean anyRunning() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(NAME)) {
        Thread.State state = thread.getState();
        if (state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED) {
          return true;
        }
      }
    }
    return false;
  }
}
