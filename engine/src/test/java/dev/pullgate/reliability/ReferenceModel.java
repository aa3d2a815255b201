package dev.pullgate.reliability;

import dev.pullgate.DecisionReason;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.reliability.ModelRecord.Coordinates;
import dev.pullgate.reliability.ModelRecord.Entry;
import dev.pullgate.reliability.ModelRecord.Secret;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately small, exact model of the engine spec (ENGINE-SPEC §3 to §7), written for the
 * reliability suites with none of the engine's code: the records, the intents and their in-flight
 * counters as plain maps, each call as a few lines that follow the spec's rules in order.
 *
 * <p>Where the spec leaves a choice open, the model fixes the one the engine documents: coordinates
 * learned by a hash match take the latest acceptance time among the stored entries of that hash,
 * and a reconciled intent ends its name's preloaded status even on a record the node already
 * pulled. The model is single-threaded and applies a decision's merge at once; the suites flush the
 * engine after each decision that merges.
 */
final class ReferenceModel {
  /** The engine settings the model follows. */
  record Settings(
      VerificationPolicy policy,
      List<String> allowlist,
      int maxSecrets,
      long maxAgeMillis,
      boolean observed,
      byte[] hashKey) {
    static Settings defaults() {
      return new Settings(
          VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES, List.of(), 100, 0, false, null);
    }
  }

  /** What a decision concluded, whether it asked a lazy pod, and the merge it asks for, or null. */
  record Verdict(DecisionReason reason, boolean asked, Merge merge) {}

  /**
   * A merge a decision asks for: new coordinates of a hash that matched ({@code rotated} false,
   * dated {@code acceptedAt}), or a rotated secret's new hash ({@code rotated} true).
   */
  record Merge(
      String imageRef,
      String name,
      Coordinates coordinates,
      String hash,
      long acceptedAt,
      boolean rotated) {}

  /** The outcome of a call that refused its input. */
  static final String REFUSED = "threw " + IllegalArgumentException.class.getSimpleName();

  private final Settings settings;
  private final Map<String, String> storedForms = new HashMap<>();
  final TreeMap<String, ModelRecord> records = new TreeMap<>();
  final TreeSet<String> intents = new TreeSet<>();
  final Map<String, Integer> counters = new HashMap<>();
  long now;

  ReferenceModel(Settings settings, long now) {
    this.settings = settings;
    this.now = now;
  }

  /** An independent copy of this model's state. */
  ReferenceModel copy() {
    ReferenceModel copy = new ReferenceModel(settings, now);
    copy.records.putAll(records);
    copy.intents.addAll(intents);
    copy.counters.putAll(counters);
    return copy;
  }

  Settings settings() {
    return settings;
  }

  /**
   * Applies {@code op} and returns its outcome as the engine driver writes it: {@code ok}, {@code
   * n=COUNT}, a decision's reason (with {@code asked} or {@code not asked} for a lazy pod), or
   * {@code threw IllegalArgumentException}.
   */
  String apply(Op op) {
    if (op instanceof Op.PullIntent o) {
      return recordPullIntent(o.image());
    } else if (op instanceof Op.Pulled o) {
      return recordImagePulled(o);
    } else if (op instanceof Op.PullFailed o) {
      return recordImagePullFailed(o.image());
    } else if (op instanceof Op.Decide o) {
      return decideAndMerge(o);
    } else if (op instanceof Op.Burst o) {
      for (Op.Decide decision : o.decisions()) {
        decideAndMerge(decision);
      }
      return "ok";
    } else if (op instanceof Op.Reconcile o) {
      return "n=" + reconcile(o.images());
    } else if (op instanceof Op.Preloaded o) {
      return "n=" + recordPreloaded(o.images());
    } else if (op instanceof Op.Prune o) {
      return "n=" + prune(o.keep(), now + o.untilOffset());
    } else if (op instanceof Op.ForgetSecret o) {
      return "n=" + forget(o.uid(), null, null);
    } else if (op instanceof Op.ForgetAccount o) {
      return "n=" + forget(null, o.uid(), null);
    } else if (op instanceof Op.ForgetNamespace o) {
      return "n=" + forget(null, null, o.namespace());
    } else if (op instanceof Op.Import o) {
      return importRecords(o);
    } else if (op instanceof Op.Advance o) {
      now += o.millis();
      return "ok";
    } else if (op instanceof Op.Restart) {
      counters.clear();
      return "ok";
    }
    return "ok"; // Flush changes nothing the model keeps.
  }

  /** The outcome text of a decision, as the engine driver writes it. */
  static String outcome(Op.Decide decide, DecisionReason reason, boolean asked) {
    return decide.pod().lookup() == Op.Lookup.FIXED
        ? reason.name()
        : reason.name() + (asked ? " asked" : " not asked");
  }

  private String decideAndMerge(Op.Decide decide) {
    Verdict verdict = decide(decide);
    if (verdict.merge() != null) {
      applyMerge(verdict.merge());
    }
    return outcome(decide, verdict.reason(), verdict.asked());
  }

  // §5 Lifecycle

  private String recordPullIntent(String image) {
    Universe.Image parsed = Universe.BY_IMAGE.get(image);
    if (parsed == null) {
      return threw();
    }
    intents.add(parsed.reference());
    counters.merge(parsed.reference(), 1, Integer::sum);
    return "ok";
  }

  private String recordImagePulled(Op.Pulled op) {
    Universe.Image image = Universe.BY_IMAGE.get(op.image());
    if (image == null || !isValidImageRef(op.imageRef()) || !isValid(op.cred())) {
      return threw();
    }
    Entry proven = provenBy(op.cred());
    ModelRecord merged = mergePull(records.get(op.imageRef()), op.imageRef(), image.name(), proven);
    if (merged != null) {
      records.put(op.imageRef(), merged);
    }
    endIntent(image.reference());
    return "ok";
  }

  private String recordImagePullFailed(String image) {
    Universe.Image parsed = Universe.BY_IMAGE.get(image);
    if (parsed == null) {
      return threw();
    }
    endIntent(parsed.reference());
    return "ok";
  }

  /** Counter at most 1: the stored intent goes, then the counter; else the counter drops. */
  private void endIntent(String reference) {
    int count = counters.getOrDefault(reference, 0);
    if (count <= 1) {
      intents.remove(reference);
      counters.remove(reference);
    } else {
      counters.put(reference, count - 1);
    }
  }

  private int reconcile(List<Op.Runtime> images) {
    Map<String, String> idByReference = new HashMap<>();
    for (Op.Runtime image : images) {
      for (String s : namesOf(image)) {
        Universe.Image parsed = Universe.BY_IMAGE.get(s);
        if (parsed != null) {
          idByReference.putIfAbsent(parsed.reference(), image.id());
        }
      }
    }
    int converted = 0;
    for (String reference : new ArrayList<>(intents)) {
      String id = idByReference.get(reference);
      if (id == null || !isValidImageRef(id)) {
        continue;
      }
      String name = nameOfReference(reference);
      ModelRecord existing = records.get(id);
      if (existing == null) {
        records.put(id, ModelRecord.pulledWithoutCredentials(id, now));
      } else if (!existing.pulledByNode() || existing.preloaded().contains(name)) {
        // A pull with unknown provenance: pulled by the node, and the name is no longer preloaded.
        TreeSet<String> preloaded = new TreeSet<>(existing.preloaded());
        preloaded.remove(name);
        records.put(id, new ModelRecord(id, now, true, existing.mapping(), preloaded));
      }
      intents.remove(reference);
      counters.remove(reference);
      converted++;
    }
    return converted;
  }

  private int recordPreloaded(List<Op.Runtime> images) {
    int observed = 0;
    for (Op.Runtime image : images) {
      if (!isValidImageRef(image.id())) {
        continue;
      }
      Set<String> names = new LinkedHashSet<>();
      for (String s : namesOf(image)) {
        Universe.Image parsed = Universe.BY_IMAGE.get(s);
        if (parsed != null && !intentExists(parsed.reference())) {
          names.add(parsed.name());
        }
      }
      ModelRecord existing = records.get(image.id());
      if (names.isEmpty()
          || existing != null
              && (existing.pulledByNode() || existing.preloaded().containsAll(names))) {
        continue;
      }
      TreeSet<String> preloaded = new TreeSet<>(names);
      if (existing != null) {
        preloaded.addAll(existing.preloaded());
      }
      records.put(image.id(), new ModelRecord(image.id(), now, false, new TreeMap<>(), preloaded));
      observed++;
    }
    return observed;
  }

  private int prune(Set<String> keep, long until) {
    int pruned = 0;
    for (ModelRecord record : new ArrayList<>(records.values())) {
      if (!keep.contains(record.imageRef()) && record.lastUpdated() < until) {
        records.remove(record.imageRef());
        pruned++;
      }
    }
    return pruned;
  }

  /** Removes secrets of {@code secretUid}, accounts of {@code accountUid}, both in {@code ns}. */
  private int forget(String secretUid, String accountUid, String namespace) {
    int removed = 0;
    for (ModelRecord record : new ArrayList<>(records.values())) {
      NavigableMap<String, Entry> mapping = new TreeMap<>();
      int here = 0;
      for (Map.Entry<String, Entry> e : record.mapping().entrySet()) {
        Entry entry = e.getValue();
        if (entry.nodeAccessible()) {
          mapping.put(e.getKey(), entry);
          continue;
        }
        TreeMap<Coordinates, Secret> secrets = new TreeMap<>();
        entry.secrets().forEach((c, s) -> secrets.put(c, s));
        here +=
            removeIf(secrets, c -> c.uid().equals(secretUid) || c.namespace().equals(namespace));
        TreeMap<Coordinates, Long> accounts = new TreeMap<>(entry.accounts());
        here +=
            removeIf(accounts, c -> c.uid().equals(accountUid) || c.namespace().equals(namespace));
        mapping.put(e.getKey(), new Entry(false, secrets, accounts));
      }
      if (here > 0) {
        records.put(
            record.imageRef(),
            new ModelRecord(
                record.imageRef(), now, record.pulledByNode(), mapping, record.preloaded()));
        removed += here;
      }
    }
    return removed;
  }

  private static <V> int removeIf(
      TreeMap<Coordinates, V> map, java.util.function.Predicate<Coordinates> condition) {
    int before = map.size();
    map.keySet().removeIf(condition);
    return before - map.size();
  }

  private String importRecords(Op.Import op) {
    List<String> references = new ArrayList<>();
    for (String image : op.images()) {
      Universe.Image parsed = Universe.BY_IMAGE.get(image);
      if (parsed == null) {
        return threw();
      }
      references.add(parsed.reference());
    }
    for (Op.ImportedRecord record : op.records()) {
      records.put(record.imageRef(), imported(record));
    }
    intents.addAll(references);
    return "n=" + (op.records().size() + op.images().size());
  }

  private ModelRecord imported(Op.ImportedRecord record) {
    NavigableMap<String, Entry> mapping = new TreeMap<>();
    record
        .mapping()
        .forEach(
            (name, entry) -> {
              if (entry.nodeAccessible()) {
                mapping.put(name, Entry.NODE_ACCESSIBLE);
                return;
              }
              TreeMap<Coordinates, Secret> secrets = new TreeMap<>();
              for (Op.ImportedSecret s : entry.secrets()) {
                Op.Sec sec = s.secret();
                secrets.put(
                    coordinates(sec), new Secret(storedForm(sec.hash()), now - s.acceptedAgo()));
              }
              TreeMap<Coordinates, Long> accounts = new TreeMap<>();
              for (Op.ImportedAccount a : entry.accounts()) {
                accounts.put(coordinates(a.account()), now - a.acceptedAgo());
              }
              mapping.put(name, new Entry(false, secrets, accounts));
            });
    return new ModelRecord(
        record.imageRef(),
        now - record.updatedAgo(),
        record.pulledByNode(),
        mapping,
        record.preloaded());
  }

  // §3 Merges

  /** Merges what a pull proved ({@code proven} null: unknown provenance); null when unchanged. */
  private ModelRecord mergePull(ModelRecord existing, String imageRef, String name, Entry proven) {
    if (existing == null) {
      TreeMap<String, Entry> mapping = new TreeMap<>();
      if (proven != null) {
        mapping.put(name, proven);
      }
      return new ModelRecord(imageRef, now, true, mapping, new TreeSet<>());
    }
    TreeSet<String> preloaded = new TreeSet<>(existing.preloaded());
    boolean endsPreloaded = preloaded.remove(name);
    TreeMap<String, Entry> mapping = new TreeMap<>(existing.mapping());
    if (proven != null) {
      Entry current = mapping.get(name);
      mapping.put(name, current == null ? proven : union(current, proven));
    }
    boolean changed =
        !existing.pulledByNode() || !mapping.equals(existing.mapping()) || endsPreloaded;
    return changed ? new ModelRecord(imageRef, now, true, mapping, preloaded) : null;
  }

  /** Rules 3 to 5, with the bound: a new secret at the bound evicts the oldest acceptance. */
  private Entry union(Entry current, Entry proven) {
    if (current.nodeAccessible()) {
      return current;
    }
    if (proven.nodeAccessible()) {
      return proven;
    }
    TreeMap<Coordinates, Secret> secrets = new TreeMap<>(current.secrets());
    for (Map.Entry<Coordinates, Secret> s : proven.secrets().entrySet()) {
      if (!secrets.containsKey(s.getKey()) && secrets.size() >= settings.maxSecrets()) {
        Coordinates oldest = null;
        for (Map.Entry<Coordinates, Secret> held : secrets.entrySet()) {
          // Entries come in coordinate order, so a tie keeps the first: the smallest coordinates.
          if (oldest == null || held.getValue().acceptedAt() < secrets.get(oldest).acceptedAt()) {
            oldest = held.getKey();
          }
        }
        secrets.remove(oldest);
      }
      secrets.put(s.getKey(), s.getValue());
    }
    TreeMap<Coordinates, Long> accounts = new TreeMap<>(current.accounts());
    accounts.putAll(proven.accounts());
    return new Entry(false, secrets, accounts);
  }

  /** Applies a decision's merge to the record as it is now. */
  void applyMerge(Merge merge) {
    ModelRecord record = records.get(merge.imageRef());
    Entry entry = record == null ? null : record.mapping().get(merge.name());
    if (entry == null || entry.nodeAccessible()) {
      return;
    }
    TreeMap<Coordinates, Secret> secrets = new TreeMap<>(entry.secrets());
    Secret old = secrets.get(merge.coordinates());
    if (merge.rotated()) {
      if (old == null || old.hash().equals(merge.hash())) {
        return;
      }
      secrets.put(merge.coordinates(), new Secret(merge.hash(), old.acceptedAt()));
    } else {
      boolean stillHeld = secrets.values().stream().anyMatch(s -> s.hash().equals(merge.hash()));
      if (old != null || !stillHeld || secrets.size() >= settings.maxSecrets()) {
        return;
      }
      secrets.put(merge.coordinates(), new Secret(merge.hash(), merge.acceptedAt()));
    }
    TreeMap<String, Entry> mapping = new TreeMap<>(record.mapping());
    mapping.put(merge.name(), new Entry(false, secrets, entry.accounts()));
    records.put(
        record.imageRef(),
        new ModelRecord(
            record.imageRef(), now, record.pulledByNode(), mapping, record.preloaded()));
  }

  // §4 Decision

  /** The decision for {@code d} on the current state, and the merge it asks for. */
  Verdict decide(Op.Decide d) {
    Universe.Image image = Universe.BY_IMAGE.get(d.image());
    if (image == null || !isValidImageRef(d.imageRef())) {
      return new Verdict(DecisionReason.INVALID_INPUT, false, null);
    }
    ModelRecord record = records.get(d.imageRef());
    boolean pulledRecord = record != null && record.pulledByNode();
    boolean observedPreloaded =
        settings.observed() && record != null && record.preloaded().contains(image.name());
    boolean pulledByNode;
    if (pulledRecord && !observedPreloaded) {
      pulledByNode = true;
    } else {
      pulledByNode = intentExists(image.reference()) || (!observedPreloaded && settings.observed());
    }
    if (!verificationNeeded(image.name(), pulledByNode)) {
      return new Verdict(DecisionReason.POLICY_ALLOWED, false, null);
    }
    if (!pulledRecord) {
      return new Verdict(DecisionReason.NO_RECORD, false, null);
    }
    Entry entry = record.mapping().get(image.name());
    if (entry == null) {
      return new Verdict(DecisionReason.NO_MAPPING, false, null);
    }
    if (entry.nodeAccessible()) {
      return new Verdict(DecisionReason.NODE_ACCESSIBLE, false, null);
    }
    if (entry.isEmpty()) {
      return new Verdict(DecisionReason.NO_MATCHING_CREDENTIALS, false, null);
    }
    boolean asked = d.pod().lookup() != Op.Lookup.FIXED;
    if (d.pod().lookup() == Op.Lookup.THROWING) {
      return new Verdict(DecisionReason.CREDENTIAL_LOOKUP_ERROR, true, null);
    }
    return match(d, image.name(), entry, asked);
  }

  /** Steps 9 to 11 with credential expiry: an expired match never hides a fresh one further on. */
  private Verdict match(Op.Decide d, String name, Entry entry, boolean asked) {
    long notBefore = settings.maxAgeMillis() == 0 ? Long.MIN_VALUE : now - settings.maxAgeMillis();
    boolean expired = false;
    for (Op.Sec pod : d.pod().secrets()) {
      if (pod.hash().isEmpty()) {
        continue;
      }
      String hash = storedForm(pod.hash());
      Coordinates coordinates = coordinates(pod);
      long newest = Long.MIN_VALUE;
      boolean any = false;
      for (Secret stored : entry.secrets().values()) {
        if (stored.hash().equals(hash)) {
          any = true;
          newest = Math.max(newest, stored.acceptedAt());
        }
      }
      if (any && newest >= notBefore) {
        Merge merge =
            coordinates.isComplete() && !entry.secrets().containsKey(coordinates)
                ? new Merge(d.imageRef(), name, coordinates, hash, newest, false)
                : null;
        return new Verdict(DecisionReason.SECRET_HASH_MATCH, asked, merge);
      }
      expired |= any;
      Secret atCoordinates = coordinates.isComplete() ? entry.secrets().get(coordinates) : null;
      if (atCoordinates != null) {
        if (atCoordinates.acceptedAt() >= notBefore) {
          return new Verdict(
              DecisionReason.SECRET_COORDINATES_MATCH,
              asked,
              new Merge(d.imageRef(), name, coordinates, hash, 0, true));
        }
        expired = true;
      }
    }
    Op.Acct account = d.pod().account();
    if (account != null && coordinates(account).isComplete()) {
      Long acceptedAt = entry.accounts().get(coordinates(account));
      if (acceptedAt != null) {
        if (acceptedAt >= notBefore) {
          return new Verdict(DecisionReason.SERVICE_ACCOUNT_MATCH, asked, null);
        }
        expired = true;
      }
    }
    return new Verdict(
        expired ? DecisionReason.CREDENTIALS_EXPIRED : DecisionReason.NO_MATCHING_CREDENTIALS,
        asked,
        null);
  }

  private boolean verificationNeeded(String name, boolean pulledByNode) {
    return switch (settings.policy()) {
      case NEVER_VERIFY -> false;
      case NEVER_VERIFY_PRELOADED_IMAGES -> pulledByNode;
      case NEVER_VERIFY_ALLOWLISTED_IMAGES -> !allowlisted(name);
      case ALWAYS_VERIFY -> true;
    };
  }

  private boolean allowlisted(String name) {
    for (String entry : settings.allowlist()) {
      boolean matches =
          entry.endsWith("/*")
              ? name.startsWith(entry.substring(0, entry.length() - 1))
              : name.equals(entry);
      if (matches) {
        return true;
      }
    }
    return false;
  }

  boolean intentExists(String reference) {
    return counters.getOrDefault(reference, 0) > 0 || intents.contains(reference);
  }

  // Inputs

  /** The spec's imageRef: 1 to 4096 printable ASCII characters, no whitespace. */
  static boolean isValidImageRef(String imageRef) {
    if (imageRef == null || imageRef.isEmpty() || imageRef.length() > 4096) {
      return false;
    }
    return imageRef.chars().allMatch(c -> c > 0x20 && c < 0x7F);
  }

  private static boolean isValid(Op.Cred cred) {
    if (cred instanceof Op.SecretCred s) {
      return coordinates(s.secret()).isComplete() && !s.secret().hash().isEmpty();
    }
    return !(cred instanceof Op.AccountCred a) || coordinates(a.account()).isComplete();
  }

  private Entry provenBy(Op.Cred cred) {
    if (cred == null) {
      return null;
    } else if (cred instanceof Op.SecretCred s) {
      Secret proven = new Secret(storedForm(s.secret().hash()), now);
      return new Entry(
          false, new TreeMap<>(Map.of(coordinates(s.secret()), proven)), new TreeMap<>());
    } else if (cred instanceof Op.AccountCred a) {
      return new Entry(
          false, new TreeMap<>(), new TreeMap<>(Map.of(coordinates(a.account()), now)));
    }
    return Entry.NODE_ACCESSIBLE;
  }

  static Coordinates coordinates(Op.Sec s) {
    return new Coordinates(s.uid(), s.namespace(), s.name());
  }

  static Coordinates coordinates(Op.Acct a) {
    return new Coordinates(a.uid(), a.namespace(), a.name());
  }

  private static List<String> namesOf(Op.Runtime image) {
    List<String> all = new ArrayList<>(image.tags());
    all.addAll(image.digests());
    return all;
  }

  private static String nameOfReference(String reference) {
    for (Universe.Image image : Universe.IMAGES) {
      if (image.reference().equals(reference)) {
        return image.name();
      }
    }
    throw new AssertionError("no image of the universe has the reference " + reference);
  }

  /** How the store keeps a kubelet hash: itself, or HMAC-SHA-256 under the hash key; hex. */
  String storedForm(String kubeletHex) {
    if (settings.hashKey() == null || kubeletHex.isEmpty()) {
      return kubeletHex;
    }
    return storedForms.computeIfAbsent(
        kubeletHex,
        hex -> {
          try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.hashKey(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(HexFormat.of().parseHex(hex)));
          } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static String threw() {
    return REFUSED;
  }

  @Override
  public String toString() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("now", now);
    state.put("records", records.values());
    state.put("intents", intents);
    state.put("counters", counters);
    return state.toString();
  }
}
