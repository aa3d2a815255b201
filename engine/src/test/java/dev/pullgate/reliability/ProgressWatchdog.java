package dev.pullgate.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a progress counter that working threads bump after every call, and when it stands still
 * for too long, dumps every thread's stack, lock owners included, so that a hang fails the test
 * with the evidence instead of stalling the build.
 */
final class ProgressWatchdog implements AutoCloseable {
  private final AtomicLong progress = new AtomicLong();
  private final long stallMillis;
  private final Thread thread;
  private volatile String stall;

  /** Starts watching; a stall is no progress for {@code stallMillis}. */
  ProgressWatchdog(long stallMillis) {
    this.stallMillis = stallMillis;
    this.thread = new Thread(this::watch, "progress-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /** Counts one completed call. */
  void progressed() {
    progress.incrementAndGet();
  }

  /** The thread dump of the stall seen, or null while there has been none. */
  String stall() {
    return stall;
  }

  private void watch() {
    long seen = progress.get();
    long since = System.nanoTime();
    while (stall == null) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      long now = progress.get();
      if (now != seen) {
        seen = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > stallMillis * 1_000_000) {
        stall = "no call completed for " + stallMillis + " ms\n" + dumpThreads();
      }
    }
  }

  /** Every live thread's stack, with the locks each holds and waits for. */
  static String dumpThreads() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    StringBuilder out = new StringBuilder();
    long[] deadlocked = threads.findDeadlockedThreads();
    if (deadlocked != null) {
      out.append("deadlocked threads: ").append(deadlocked.length).append('\n');
    }
    for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
      out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
      if (info.getLockName() != null) {
        out.append(" on ").append(info.getLockName());
      }
      if (info.getLockOwnerName() != null) {
        out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
      }
      out.append('\n');
      for (StackTraceElement frame : info.getStackTrace()) {
        out.append("    at ").append(frame).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
