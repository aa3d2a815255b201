package dev.pullgate.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks one crash cycle: replays what the killed child acknowledged on the reference model
 * (checking each acknowledged outcome on the way), then says which stored states the engine's
 * promises allow, and whether the store that survived the kill is one of them.
 *
 * <p>What counts as durable is what the engine documents: every call that writes returns once its
 * writes are committed, so every acknowledged call's effect must be there, exactly. The call in
 * flight at the kill may or may not have happened: one commit (an intent, a pull, a failed pull, an
 * import of up to 10,000 records) all or nothing; the calls that commit record by record
 * (reconcile, observed preloaded images, prune, forget) record by record. A decision's merge is
 * deferred, so a burst of decisions in flight may have left each of its merges or not; once the
 * burst's {@code flush()} was acknowledged, all of them.
 */
final class CrashCheck {
  private final long seed;
  private final ReferenceModel model;
  private final List<String> problems = new ArrayList<>();
  private boolean opened;
  private long lastBegun = -1;
  private long lastAcknowledged = -1;
  private int acknowledged;
  private int acknowledgedWrites;
  private int decisions;
  private List<String> tail = List.of();

  /** A check of a cycle that starts from {@code model}'s state (which it advances). */
  CrashCheck(long seed, ReferenceModel model) {
    this.seed = seed;
    this.model = model;
  }

  /** Replays the child's report on the model; problems with acknowledged outcomes are kept. */
  void replay(List<String> lines) {
    tail = lines.subList(Math.max(0, lines.size() - 6), lines.size());
    for (String line : lines) {
      String[] parts = line.split(" ", 4);
      switch (parts[0]) {
        case "ready", "opening" -> {}
        case "opened" -> opened = true;
        case "begin" -> lastBegun = Long.parseLong(parts[1]);
        case "dec" -> checkDecision(Long.parseLong(parts[1]), Integer.parseInt(parts[2]), parts[3]);
        case "ack" ->
            acknowledge(Long.parseLong(parts[1]), line.substring(line.indexOf(' ', 4) + 1));
        case "error" -> problems.add("the child failed: " + line);
        default -> problems.add("the child printed an unknown line: " + line);
      }
    }
  }

  private void checkDecision(long index, int i, String outcome) {
    Op.Decide decide = ((Op.Burst) OpGenerator.crashOp(seed, index)).decisions().get(i);
    model.now = CrashWorkload.timeOf(index);
    ReferenceModel.Verdict verdict = model.decide(decide);
    String expected = ReferenceModel.outcome(decide, verdict.reason(), verdict.asked());
    decisions++;
    if (!expected.equals(outcome)) {
      problems.add(
          "operation "
              + index
              + " decision "
              + i
              + " "
              + decide
              + ": model "
              + expected
              + ", engine "
              + outcome);
    }
  }

  private void acknowledge(long index, String outcome) {
    Op op = OpGenerator.crashOp(seed, index);
    model.now = CrashWorkload.timeOf(index);
    String expected = model.apply(op);
    acknowledged++;
    lastAcknowledged = index;
    if (!(op instanceof Op.Flush) && !expected.equals(ReferenceModel.REFUSED)) {
      acknowledgedWrites += op instanceof Op.Burst ? 0 : 1;
    }
    if (!expected.equals(outcome)) {
      problems.add("operation " + index + " " + op + ": model " + expected + ", engine " + outcome);
    }
  }

  /** The operation the child had begun and not acknowledged when it died, or null. */
  Op inFlight() {
    return lastBegun > lastAcknowledged ? OpGenerator.crashOp(seed, lastBegun) : null;
  }

  /** The number of the last operation the child began, or -1. */
  long lastBegun() {
    return lastBegun;
  }

  boolean opened() {
    return opened;
  }

  int acknowledged() {
    return acknowledged;
  }

  /** Acknowledged calls that write (decisions and flushes aside). */
  int acknowledgedWrites() {
    return acknowledgedWrites;
  }

  /** Decisions of bursts whose outcome was checked. */
  int decisions() {
    return decisions;
  }

  /** The child's last lines, for failure messages. */
  List<String> tail() {
    return tail;
  }

  List<String> problems() {
    return problems;
  }

  /**
   * Compares the store that survived with every state the acknowledged calls and the call in flight
   * allow; returns what is wrong, one line per record or intent, or an empty string.
   *
   * @param lost receives how many records and intents are in no allowed state
   */
  String compare(StoredState stored, int[] lost) {
    StoredState acknowledged = StoredState.of(model);
    Op inFlight = inFlight();
    if (inFlight == null) {
      lost[0] = stored.countDifferences(acknowledged);
      return stored.differencesFrom(acknowledged);
    }
    List<StoredState> alternatives = alternatives(inFlight, lastBegun);
    if (isAtomic(inFlight)) {
      StoredState after = alternatives.get(0);
      if (stored.countDifferences(acknowledged) == 0 || stored.countDifferences(after) == 0) {
        lost[0] = 0;
        return "";
      }
      lost[0] = Math.min(stored.countDifferences(acknowledged), stored.countDifferences(after));
      return "neither before nor after the call in flight, "
          + inFlight
          + "\n before:\n"
          + stored.differencesFrom(acknowledged)
          + " after:\n"
          + stored.differencesFrom(after);
    }
    StringBuilder out = new StringBuilder();
    Set<String> keys = new TreeSet<>(acknowledged.records().keySet());
    keys.addAll(stored.records().keySet());
    alternatives.forEach(a -> keys.addAll(a.records().keySet()));
    int wrong = 0;
    for (String key : keys) {
      boolean allowed = Objects.equals(stored.records().get(key), acknowledged.records().get(key));
      for (StoredState alternative : alternatives) {
        allowed |= Objects.equals(stored.records().get(key), alternative.records().get(key));
      }
      if (!allowed) {
        wrong++;
        out.append(" record ")
            .append(Op.brief(key))
            .append(" is ")
            .append(stored.records().get(key))
            .append(", acknowledged ")
            .append(acknowledged.records().get(key))
            .append('\n');
      }
    }
    Set<String> intents = new TreeSet<>(acknowledged.intents());
    intents.addAll(stored.intents());
    for (String intent : intents) {
      boolean present = stored.intents().contains(intent);
      boolean allowed = present == acknowledged.intents().contains(intent);
      for (StoredState alternative : alternatives) {
        allowed |= present == alternative.intents().contains(intent);
      }
      if (!allowed) {
        wrong++;
        out.append(" intent ")
            .append(intent)
            .append(present ? " is there" : " is gone")
            .append('\n');
      }
    }
    lost[0] = wrong;
    return out.isEmpty() ? "" : "the call in flight was " + inFlight + "\n" + out;
  }

  /**
   * The states the call in flight could have left: after it (for a burst, after each merge it may
   * have asked for, one state per merge).
   */
  private List<StoredState> alternatives(Op inFlight, long index) {
    List<StoredState> alternatives = new ArrayList<>();
    if (inFlight instanceof Op.Burst burst) {
      for (Op.Decide decide : burst.decisions()) {
        ReferenceModel merged = model.copy();
        merged.now = CrashWorkload.timeOf(index);
        ReferenceModel.Verdict verdict = merged.decide(decide);
        if (verdict.merge() != null) {
          merged.applyMerge(verdict.merge());
          alternatives.add(StoredState.of(merged));
        }
      }
      return alternatives;
    }
    ReferenceModel after = model.copy();
    after.now = CrashWorkload.timeOf(index);
    after.apply(inFlight);
    alternatives.add(StoredState.of(after));
    return alternatives;
  }

  /** Whether the call commits all it writes at once. */
  static boolean isAtomic(Op op) {
    return op instanceof Op.PullIntent
        || op instanceof Op.Pulled
        || op instanceof Op.PullFailed
        || op instanceof Op.Import
        || op instanceof Op.Flush;
  }
}
