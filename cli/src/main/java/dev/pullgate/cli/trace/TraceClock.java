package dev.pullgate.cli.trace;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The engine's clock during a replay: it stands still, starts at {@link #START}, and moves only
 * when a {@code clock} op sets or advances it, so every replay of a trace sees the same times.
 */
public final class TraceClock implements InstantSource {
  /** Where every trace's clock starts. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private volatile Instant now = START;

  @Override
  public Instant instant() {
    return now;
  }

  /** Sets the time to {@code instant}, which may be earlier than the current time. */
  public void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  /** Moves the time forward by {@code duration}. */
  public void advance(Duration duration) {
    now = now.plus(Objects.requireNonNull(duration, "duration"));
  }
}
