package dev.pullgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.Damage;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.Repair;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.RepairAction;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.Verification;
import java.util.ArrayList;
import java.util.List;

/**
 * The report a {@link StoreWalkMain} child prints and its parent reads: verifications and repairs
 * as JSON, and back. Keys and problems are the engine's printable strings; no value is carried.
 *
 * <pre>
 *  {"outcome": "verified", "verification": VERIFICATION}
 *  {"outcome": "repaired", "repair": {"applied", "markedDamaged", "before": VERIFICATION,
 *                                     "actions": [{"kind", "entry", "key", "detail"}],
 *                                     "after": VERIFICATION}}
 *  {"outcome": "refused", "damaged": BOOLEAN, "message": TEXT}   the store was not opened
 *  {"outcome": "locked", "message": TEXT}                        another process holds the store
 *  {"outcome": "failed", "type": CLASS NAME}                     the walk threw something else
 *
 *  VERIFICATION: {"pulledRecords", "pullIntents", "indexEntries",
 *                 "damage": [{"kind", "key", "problem"}]}
 * </pre>
 */
final class WalkJson {
  static final String OUTCOME = "outcome";
  static final String VERIFIED = "verified";
  static final String REPAIRED = "repaired";
  static final String REFUSED = "refused";
  static final String LOCKED = "locked";
  static final String FAILED = "failed";

  private WalkJson() {}

  static ObjectNode verified(Verification verification) {
    ObjectNode report = RecordJson.object().put(OUTCOME, VERIFIED);
    report.set("verification", of(verification));
    return report;
  }

  static ObjectNode repaired(Repair repair) {
    ObjectNode json =
        RecordJson.object()
            .put("applied", repair.applied())
            .put("markedDamaged", repair.markedDamaged());
    json.set("before", of(repair.before()));
    ArrayNode actions = json.putArray("actions");
    for (RepairAction action : repair.actions()) {
      actions
          .addObject()
          .put("kind", action.kind().name())
          .put("entry", action.entry())
          .put("key", action.key())
          .put("detail", action.detail());
    }
    json.set("after", of(repair.after()));
    ObjectNode report = RecordJson.object().put(OUTCOME, REPAIRED);
    report.set("repair", json);
    return report;
  }

  static ObjectNode refused(boolean damaged, String message) {
    return RecordJson.object()
        .put(OUTCOME, REFUSED)
        .put("damaged", damaged)
        .put("message", message);
  }

  static ObjectNode locked(String message) {
    return RecordJson.object().put(OUTCOME, LOCKED).put("message", message);
  }

  static ObjectNode failed(Throwable e) {
    return RecordJson.object().put(OUTCOME, FAILED).put("type", e.getClass().getName());
  }

  static ObjectNode of(Verification verification) {
    ObjectNode json =
        RecordJson.object()
            .put("pulledRecords", verification.pulledRecords())
            .put("pullIntents", verification.pullIntents())
            .put("indexEntries", verification.indexEntries());
    ArrayNode damage = json.putArray("damage");
    for (Damage d : verification.damage()) {
      damage.addObject().put("kind", d.kind()).put("key", d.key()).put("problem", d.problem());
    }
    return json;
  }

  static Verification verification(JsonNode json) {
    List<Damage> damage = new ArrayList<>();
    for (JsonNode d : json.get("damage")) {
      damage.add(new Damage(text(d, "kind"), text(d, "key"), text(d, "problem")));
    }
    return new Verification(
        json.get("pulledRecords").asLong(),
        json.get("pullIntents").asLong(),
        json.get("indexEntries").asLong(),
        damage);
  }

  static Repair repair(JsonNode json) {
    List<RepairAction> actions = new ArrayList<>();
    for (JsonNode a : json.get("actions")) {
      JsonNode detail = a.get("detail");
      actions.add(
          new RepairAction(
              RepairAction.Kind.valueOf(text(a, "kind")),
              text(a, "entry"),
              text(a, "key"),
              detail == null || detail.isNull() ? null : detail.asText()));
    }
    return new Repair(
        json.get("applied").asBoolean(),
        verification(json.get("before")),
        actions,
        verification(json.get("after")),
        json.get("markedDamaged").asBoolean());
  }

  static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalStateException("the walk's report lacks " + field);
    }
    return value.asText();
  }
}
