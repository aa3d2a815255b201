package dev.pullgate.bench.simulate;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The simulated day's time, which only the simulator moves forward: the engine reads it, so record
 * times are part of the deterministic outcome.
 */
final class SimulatedClock implements InstantSource {
  private final Instant dawn;
  private volatile long millis;

  SimulatedClock(Instant dawn) {
    this.dawn = dawn;
  }

  /** Moves the clock to {@code millis} after dawn; it never goes back. */
  void advanceTo(long millis) {
    if (millis < this.millis) {
      throw new IllegalStateException(
          "simulated time must not go back: at " + this.millis + " ms, asked for " + millis);
    }
    this.millis = millis;
  }

  /** Milliseconds since dawn. */
  long sinceDawnMillis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return dawn.plusMillis(millis);
  }
}
