package dev.pullgate.reliability;

import dev.pullgate.PullGate;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.lmdb.LmdbPullRecordStore;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an engine holds, in the model's terms: every pulled record by imageRef, and every stored
 * intent's normalised reference.
 *
 * @param records the pulled records
 * @param intents the stored intents (the in-memory counters are not part of it)
 */
record StoredState(TreeMap<String, ModelRecord> records, TreeSet<String> intents) {

  /** The state the model holds. */
  static StoredState of(ReferenceModel model) {
    return new StoredState(new TreeMap<>(model.records), new TreeSet<>(model.intents));
  }

  /**
   * Everything {@code store} holds, read by listing it: records under keys nobody asked for show up
   * too.
   */
  static StoredState listing(LmdbPullRecordStore store) {
    TreeMap<String, ModelRecord> records = new TreeMap<>();
    for (PulledRecord record : store.pulledRecords()) {
      records.put(record.imageRef(), ModelRecord.of(record));
    }
    return new StoredState(records, new TreeSet<>(store.pullIntents()));
  }

  /**
   * What {@code gate} answers for every imageRef and every image reference of the {@link Universe}:
   * the suites that look through the engine's API use only those keys.
   */
  static StoredState throughGate(PullGate gate) {
    TreeMap<String, ModelRecord> records = new TreeMap<>();
    for (String imageRef : Universe.IMAGE_REFS) {
      gate.pulledRecord(imageRef).ifPresent(r -> records.put(imageRef, ModelRecord.of(r)));
    }
    TreeSet<String> intents = new TreeSet<>();
    for (Universe.Image image : Universe.IMAGES) {
      if (gate.pullIntentExists(image.image())) {
        intents.add(image.reference());
      }
    }
    return new StoredState(records, intents);
  }

  /** This state restricted to the keys of the {@link Universe}. */
  StoredState withinUniverse() {
    TreeMap<String, ModelRecord> kept = new TreeMap<>(records);
    kept.keySet().retainAll(Universe.IMAGE_REFS);
    TreeSet<String> references = new TreeSet<>();
    Universe.IMAGES.forEach(i -> references.add(i.reference()));
    TreeSet<String> keptIntents = new TreeSet<>(intents);
    keptIntents.retainAll(references);
    return new StoredState(kept, keptIntents);
  }

  /** Each difference between {@code expected} and this state, one per line; empty when none. */
  String differencesFrom(StoredState expected) {
    StringBuilder out = new StringBuilder();
    Set<String> keys = new TreeSet<>(expected.records.keySet());
    keys.addAll(records.keySet());
    for (String key : keys) {
      ModelRecord want = expected.records.get(key);
      ModelRecord got = records.get(key);
      if (!Objects.equals(want, got)) {
        out.append("  record ").append(Op.brief(key)).append(": ");
        describe(out, want, got);
      }
    }
    Set<String> missing = new TreeSet<>(expected.intents);
    missing.removeAll(intents);
    Set<String> extra = new TreeSet<>(intents);
    extra.removeAll(expected.intents);
    if (!missing.isEmpty()) {
      out.append("  intents missing ").append(missing).append('\n');
    }
    if (!extra.isEmpty()) {
      out.append("  intents not expected ").append(extra).append('\n');
    }
    return out.toString();
  }

  /** What differs between two versions of one record, field by field, on one or more lines. */
  private static void describe(StringBuilder out, ModelRecord want, ModelRecord got) {
    if (want == null || got == null) {
      out.append(want == null ? "not expected, stored " + got : "missing, expected " + want);
      out.append('\n');
      return;
    }
    if (want.lastUpdated() != got.lastUpdated()) {
      out.append("lastUpdated expected ")
          .append(want.lastUpdated())
          .append(" stored ")
          .append(got.lastUpdated())
          .append("; ");
    }
    if (want.pulledByNode() != got.pulledByNode()) {
      out.append("pulledByNode expected ").append(want.pulledByNode()).append("; ");
    }
    if (!want.preloaded().equals(got.preloaded())) {
      out.append("preloaded expected ")
          .append(want.preloaded())
          .append(" stored ")
          .append(got.preloaded())
          .append("; ");
    }
    Set<String> names = new TreeSet<>(want.mapping().keySet());
    names.addAll(got.mapping().keySet());
    for (String name : names) {
      ModelRecord.Entry a = want.mapping().get(name);
      ModelRecord.Entry b = got.mapping().get(name);
      if (!Objects.equals(a, b)) {
        out.append("\n    ").append(name).append(": ");
        if (a == null || b == null || a.nodeAccessible() != b.nodeAccessible()) {
          out.append("expected ").append(a).append(" stored ").append(b);
          continue;
        }
        describeMap(out, "secret", a.secrets(), b.secrets());
        describeMap(out, "account", a.accounts(), b.accounts());
      }
    }
    out.append('\n');
  }

  private static <V> void describeMap(
      StringBuilder out,
      String what,
      Map<ModelRecord.Coordinates, V> want,
      Map<ModelRecord.Coordinates, V> got) {
    Set<ModelRecord.Coordinates> keys = new TreeSet<>(want.keySet());
    keys.addAll(got.keySet());
    for (ModelRecord.Coordinates key : keys) {
      if (!Objects.equals(want.get(key), got.get(key))) {
        out.append(what)
            .append(' ')
            .append(key)
            .append(" expected ")
            .append(want.get(key))
            .append(" stored ")
            .append(got.get(key))
            .append("; ");
      }
    }
  }

  /** How many records and intents differ from {@code expected}. */
  int countDifferences(StoredState expected) {
    int differences = 0;
    Set<String> keys = new TreeSet<>(expected.records.keySet());
    keys.addAll(records.keySet());
    for (String key : keys) {
      differences += Objects.equals(expected.records.get(key), records.get(key)) ? 0 : 1;
    }
    Set<String> all = new TreeSet<>(expected.intents);
    all.addAll(intents);
    for (String intent : all) {
      differences += expected.intents.contains(intent) == intents.contains(intent) ? 0 : 1;
    }
    return differences;
  }
}
