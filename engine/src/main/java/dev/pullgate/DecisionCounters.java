package dev.pullgate;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts of decisions by reason, cheap to bump from many threads at once. */
final class DecisionCounters {
  private final LongAdder[] counters = new LongAdder[DecisionReason.values().length];

  DecisionCounters() {
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new LongAdder();
    }
  }

  /** Counts one decision for {@code reason}. */
  void count(DecisionReason reason) {
    counters[reason.ordinal()].increment();
  }

  /** A snapshot of every count, zero counts included. */
  Map<DecisionReason, Long> snapshot() {
    Map<DecisionReason, Long> snapshot = new EnumMap<>(DecisionReason.class);
    for (DecisionReason reason : DecisionReason.values()) {
      snapshot.put(reason, counters[reason.ordinal()].sum());
    }
    return snapshot;
  }
}
