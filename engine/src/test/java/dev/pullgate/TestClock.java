package dev.pullgate;

import dev.pullgate.store.TestRecords;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that tests set and advance by hand. */
public final class TestClock implements InstantSource {
  private volatile Instant now = TestRecords.T0;

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock forward by {@code duration}. */
  public TestClock advance(Duration duration) {
    now = now.plus(duration);
    return this;
  }

  /** Sets the clock to {@code instant}. */
  public TestClock set(Instant instant) {
    now = instant;
    return this;
  }
}
