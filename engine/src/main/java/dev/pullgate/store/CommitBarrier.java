package dev.pullgate.store;

import java.util.concurrent.CompletableFuture;

/**
 * A marker in the write-behind queue that completes once every change queued before it is
 * committed, or fails with the commit's error; the closing barrier also stops the writer.
 */
final class CommitBarrier {
  private final boolean stopsWriter;
  private final CompletableFuture<Void> committed = new CompletableFuture<>();

  CommitBarrier(boolean stopsWriter) {
    this.stopsWriter = stopsWriter;
  }

  boolean stopsWriter() {
    return stopsWriter;
  }

  /** Completes normally after a successful commit, exceptionally with the commit's failure. */
  CompletableFuture<Void> committed() {
    return committed;
  }
}
