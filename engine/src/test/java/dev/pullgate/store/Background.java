package dev.pullgate.store;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call running on its own thread, so that a test can see it park (wait for a lock or a commit)
 * before letting the thing it waits for go on. Waits are bounded only as hang guards.
 */
final class Background<T> {
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final Thread thread;

  private Background(Callable<T> call) {
    thread =
        new Thread(
            () -> {
              try {
                result.complete(call.call());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            "test-background");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts {@code call} on a new thread. */
  static <T> Background<T> start(Callable<T> call) {
    return new Background<>(call);
  }

  /** Starts {@code action} on a new thread. */
  static Background<Void> run(ThrowingRunnable action) {
    return new Background<>(
        () -> {
          action.run();
          return null;
        });
  }

  /** A call without a result that may throw. */
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Waits until the thread is parked (blocked or waiting) or finished. */
  Background<T> awaitParkedOrDone() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.BLOCKED
          || state == Thread.State.WAITING
          || state == Thread.State.TIMED_WAITING
          || state == Thread.State.TERMINATED) {
        return this;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("background call neither parked nor finished: " + state);
      }
      Thread.onSpinWait();
    }
  }

  boolean isDone() {
    return result.isDone();
  }

  /** The call's result; rethrows what it threw, wrapped in an {@link ExecutionException}. */
  T join() throws InterruptedException, ExecutionException, TimeoutException {
    return result.get(10, TimeUnit.SECONDS);
  }
}
