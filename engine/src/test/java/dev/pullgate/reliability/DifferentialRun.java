package dev.pullgate.reliability;

import dev.pullgate.DecisionReason;
import dev.pullgate.TestClock;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one sequence of operations against a fresh engine on LMDB and the reference model side by
 * side, and reports the first difference: an outcome (a decision's reason, a count, an exception),
 * or the stored records and intents after an operation. Decisions that grant by a secret may merge
 * in the background, so the engine is flushed after each before anything is compared; at each
 * restart, and at the end, the whole LMDB store is listed and verified.
 */
final class DifferentialRun {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  /** Where a sequence first differed from the model, and how. */
  record Mismatch(int index, Op op, String what) {}

  private final EngineVariant variant;
  private final Map<String, Long> tally;

  /** A runner of {@code variant} that counts each agreed outcome in {@code tally}. */
  DifferentialRun(EngineVariant variant, Map<String, Long> tally) {
    this.variant = variant;
    this.tally = tally;
  }

  /** Runs {@code ops}; the first mismatch, or empty when engine and model agreed throughout. */
  Optional<Mismatch> run(List<Op> ops) {
    Path dir = ScratchStores.create("pullgate-differential");
    try {
      return runIn(dir, ops);
    } finally {
      ScratchStores.delete(dir);
    }
  }

  private Optional<Mismatch> runIn(Path dir, List<Op> ops) {
    TestClock clock = new TestClock().set(T0);
    ReferenceModel model = new ReferenceModel(variant.settings(), T0.toEpochMilli());
    var config = variant.config(dir, LmdbPullRecordStore.Options.MIN_MAP_SIZE);
    EngineDriver engine =
        new EngineDriver(config, clock, ms -> clock.advance(Duration.ofMillis(ms)));
    try {
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        String expected = model.apply(op);
        String actual;
        if (op instanceof Op.Restart) {
          engine.close();
          String stored = checkWholeStore(dir, model);
          if (stored != null) {
            return Optional.of(new Mismatch(i, op, stored));
          }
          actual = engine.apply(op);
        } else {
          actual = engine.apply(op);
        }
        if (!expected.equals(actual)) {
          return Optional.of(
              new Mismatch(i, op, "outcome: model " + expected + ", engine " + actual));
        }
        tally.merge(kind(op, actual), 1L, Long::sum);
        if (op instanceof Op.Decide && grantsBySecret(actual)) {
          engine.gate().flush();
        }
        String differences =
            StoredState.throughGate(engine.gate()).differencesFrom(StoredState.of(model));
        if (!differences.isEmpty()) {
          return Optional.of(new Mismatch(i, op, "state after the operation:\n" + differences));
        }
      }
      engine.close();
      String stored = checkWholeStore(dir, model);
      return stored == null
          ? Optional.empty()
          : Optional.of(new Mismatch(ops.size() - 1, ops.get(ops.size() - 1), stored));
    } finally {
      try {
        engine.close();
      } catch (RuntimeException closedAlready) {
        // The run closed it; a second close is only tidying up.
      }
    }
  }

  /**
   * With the engine closed: lists the whole store and verifies it; a description of what is wrong,
   * or null.
   */
  private static String checkWholeStore(Path dir, ReferenceModel model) {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir.resolve("store"))) {
      LmdbPullRecordStore.Verification verification = store.verify();
      if (!verification.isIntact()) {
        return "verify found damage: " + verification.damage();
      }
      String differences = StoredState.listing(store).differencesFrom(StoredState.of(model));
      return differences.isEmpty() ? null : "store after close:\n" + differences;
    }
  }

  /** What to count an agreed outcome as: a decision by its reason, another call by its type. */
  private static String kind(Op op, String outcome) {
    if (op instanceof Op.Decide) {
      return "decision " + outcome.split(" ")[0];
    }
    return op.getClass().getSimpleName() + (outcome.startsWith("threw") ? " refused" : "");
  }

  private static boolean grantsBySecret(String outcome) {
    return outcome.startsWith(DecisionReason.SECRET_HASH_MATCH.name())
        || outcome.startsWith(DecisionReason.SECRET_COORDINATES_MATCH.name());
  }
}
