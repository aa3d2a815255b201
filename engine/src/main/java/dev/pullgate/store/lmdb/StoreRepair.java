package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.image.ImageName;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.Repair;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.RepairAction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * Repairs a store in one write transaction, always toward "pull": {@code pullgate repair}.
 *
 * <ul>
 *   <li>A record or intent stored under a wrong key moves to the key its value names, unless an
 *       intact one is there already (then the copy is dropped); a record that decodes but is not
 *       canonical is written again.
 *   <li>A damaged record under a plain key, whose key is its imageRef, is replaced by a record that
 *       says "pulled by this node, nobody known to be allowed": its pods pull again. A damaged
 *       intent under a plain key is written again for its reference.
 *   <li>A damaged entry under a digest key names no imageRef or reference that can be recovered; it
 *       is deleted and counted as lost. Since such an image could then look preloaded, the store
 *       keeps a count of lost entries (under {@value #LOST_KEY} in its {@code meta} database),
 *       which verification reports as damage, so decisions that rest on a missing record keep
 *       failing closed until an operator accepts the loss ({@link Mode#ACCEPT_LOSS}).
 *   <li>The records, intents and forgetting index are written into new B-trees, so that damage to a
 *       tree itself (keys out of order, a separator that hides keys from lookups, wrong counts)
 *       goes with it.
 * </ul>
 */
final class StoreRepair {
  /** The key, in the {@code meta} database, of how many entries repairs lost (big-endian u32). */
  static final String LOST_KEY = "repairLost";

  /** What a repair may do. */
  enum Mode {
    /** Repair; lost entries keep the store marked damaged. */
    REPAIR,
    /** Repair, and accept every entry lost (now or by an earlier repair): clears that mark. */
    ACCEPT_LOSS,
    /** Work out what a repair would do, reading only: nothing changes. */
    DRY_RUN
  }

  private static final int KEPT = 3;
  private static final int REWRITTEN = 2;
  private static final int MOVED = 1;
  private static final int FAIL_CLOSED = 0;

  private final LmdbEnv env;
  private final Instant now;
  private final Mode mode;
  private final UpdateWriter writer = new UpdateWriter();
  private final KeyCodec keys = new KeyCodec();
  private final List<RepairAction> actions = new ArrayList<>();

  private StoreRepair(LmdbEnv env, Instant now, Mode mode) {
    this.env = env;
    this.now = now;
    this.mode = mode;
  }

  /**
   * Repairs {@code env}'s store as {@code mode} says, then verifies it, and marks it ready when it
   * is intact and no loss is left unaccepted (damaged otherwise). A dry run only reads, and so does
   * a repair of a store that is intact and not marked damaged: it has nothing to do.
   */
  static Repair repair(LmdbEnv env, Instant now, Mode mode) {
    LmdbPullRecordStore.Verification before = LmdbVerifier.verify(env);
    StoreRepair repair = new StoreRepair(env, now, mode);
    if (mode == Mode.DRY_RUN || (before.isIntact() && !env.knownDamaged())) {
      env.read(repair::plan);
      return new Repair(false, before, repair.actions, before, env.knownDamaged());
    }
    env.write(txn -> repair.apply(txn, repair.plan(txn)));
    LmdbPullRecordStore.Verification after = LmdbVerifier.verify(env);
    if (after.isIntact()) {
      env.damageRepaired();
    } else {
      env.damageFound(BackgroundVerification.summary(after));
    }
    return new Repair(true, before, repair.actions, after, env.knownDamaged());
  }

  /**
   * How many entries repairs lost that no operator accepted, as {@code txn} sees it; a counter that
   * is itself damaged counts as one.
   */
  static int lostEntries(Txn<ByteBuffer> txn, Schema schema) {
    ByteBuffer stored = schema.meta.get(txn, lostKey());
    if (stored == null) {
      return 0;
    }
    int count =
        stored.remaining() == Integer.BYTES
            ? stored.order(ByteOrder.BIG_ENDIAN).getInt(stored.position())
            : 0;
    return Math.max(count, 1);
  }

  /** What the repair keeps, found by reading every entry; the actions are recorded as it goes. */
  private Plan plan(Txn<ByteBuffer> txn) {
    actions.clear();
    Map<String, Candidate> records = records(txn);
    Map<String, Candidate> intents = intents(txn);
    long lost =
        lostEntries(txn, env.schema())
            + actions.stream().filter(a -> a.kind() == RepairAction.Kind.LOST).count();
    return new Plan(records, intents, lost);
  }

  /** Writes what {@code plan} keeps into new B-trees, and the count of lost entries. */
  private Void apply(Txn<ByteBuffer> txn, Plan plan) {
    env.records().drop(txn);
    env.intents().drop(txn);
    env.index().drop(txn);
    for (Candidate candidate : plan.records.values()) {
      PulledRecord record = candidate.record;
      byte[] stored = RecordFormat.encode(record);
      keys.encode(record.imageRef(), "imageRef");
      env.records().reserve(txn, keys.key(), stored.length).put(stored);
      writer.index().add(txn, env.index(), record.imageRef(), RecordFormat.indexTerms(record));
    }
    for (String reference : plan.intents.keySet()) {
      writer.putIntent(txn, env.intents(), reference);
    }
    if (mode == Mode.ACCEPT_LOSS || plan.lost == 0) {
      if (plan.lost > 0) {
        actions.add(
            new RepairAction(
                RepairAction.Kind.LOSS_ACCEPTED, "store", LOST_KEY, plan.lost + " lost entries"));
      }
      env.schema().meta.delete(txn, lostKey());
    } else {
      byte[] count = ByteBuffer.allocate(Integer.BYTES).putInt((int) plan.lost).array();
      env.schema().meta.put(txn, lostKey(), Schema.bytes(count));
    }
    return null;
  }

  private Map<String, Candidate> records(Txn<ByteBuffer> txn) {
    Map<String, Candidate> best = new TreeMap<>();
    for (CopiedEntry entry : entries(txn, env.records())) {
      String key = LmdbVerifier.describeKey(entry.key());
      PulledRecord record = decode(entry.value());
      if (record == null) {
        String imageRef = plainKey(entry.key());
        boolean named = imageRef != null && PulledRecord.isValidImageRef(imageRef);
        if (named) {
          offer(
              best,
              LmdbVerifier.RECORD,
              imageRef,
              PulledRecord.withoutCredentials(imageRef, now),
              FAIL_CLOSED,
              key);
        }
        if (!named || !confirms(entry.value(), imageRef)) {
          lost(LmdbVerifier.RECORD, key, named);
        }
        continue;
      }
      boolean rightKey = keys.encode(record.imageRef(), "imageRef").key().equals(entry.key());
      boolean canonical = ByteBuffer.wrap(RecordFormat.encode(record)).equals(entry.value());
      int rank = !rightKey ? MOVED : canonical ? KEPT : REWRITTEN;
      offer(best, LmdbVerifier.RECORD, record.imageRef(), record, rank, key);
    }
    best.values().forEach(c -> done(LmdbVerifier.RECORD, c));
    return best;
  }

  private Map<String, Candidate> intents(Txn<ByteBuffer> txn) {
    Map<String, Candidate> best = new TreeMap<>();
    for (CopiedEntry entry : entries(txn, env.intents())) {
      String key = LmdbVerifier.describeKey(entry.key());
      String reference = decodeIntent(entry.value());
      if (reference == null) {
        String plain = plainKey(entry.key());
        boolean named = plain != null && ImageName.tryParse(plain).isPresent();
        if (named) {
          offer(best, LmdbVerifier.INTENT, plain, null, FAIL_CLOSED, key);
        }
        if (!named || !IntentCodec.spells(entry.value().duplicate(), plain)) {
          lost(LmdbVerifier.INTENT, key, named);
        }
        continue;
      }
      boolean rightKey = keys.encode(reference, "reference").key().equals(entry.key());
      offer(best, LmdbVerifier.INTENT, reference, null, rightKey ? KEPT : MOVED, key);
    }
    best.values().forEach(c -> done(LmdbVerifier.INTENT, c));
    return best;
  }

  /** Keeps the better of the entries for one imageRef or reference; reports the one dropped. */
  private void offer(
      Map<String, Candidate> best,
      String entry,
      String name,
      PulledRecord record,
      int rank,
      String key) {
    Candidate offered = new Candidate(name, record, rank, key);
    Candidate held = best.get(name);
    if (held == null || rank > held.rank) {
      best.put(name, offered);
      if (held != null) {
        dropped(entry, held);
      }
    } else {
      dropped(entry, offered);
    }
  }

  private void done(String entry, Candidate kept) {
    switch (kept.rank) {
      case MOVED ->
          actions.add(
              new RepairAction(RepairAction.Kind.MOVED, entry, kept.key, "to " + show(kept.name)));
      case REWRITTEN ->
          actions.add(new RepairAction(RepairAction.Kind.REWRITTEN, entry, kept.key, null));
      case FAIL_CLOSED ->
          actions.add(new RepairAction(RepairAction.Kind.FAIL_CLOSED, entry, kept.key, null));
      default -> {
        // Kept as it was.
      }
    }
  }

  private void dropped(String entry, Candidate copy) {
    actions.add(
        new RepairAction(
            RepairAction.Kind.DROPPED, entry, copy.key, "a copy of " + show(copy.name)));
  }

  /**
   * Counts a damaged entry as lost: its key is a digest, which names nothing, or ({@code
   * placeholder}) a plain key that its damaged value does not confirm, so the entry may have
   * belonged to another imageRef or reference (a damaged node header shifts a key and its value).
   */
  private void lost(String entry, String key, boolean placeholder) {
    actions.add(
        new RepairAction(
            RepairAction.Kind.LOST,
            entry,
            key,
            placeholder
                ? "its damaged value does not confirm its key; it may have been another's"
                : "its key is a digest, which names nothing"));
  }

  /** Whether the imageRef bytes of the damaged record {@code value} spell {@code imageRef}. */
  private static boolean confirms(ByteBuffer value, String imageRef) {
    try {
      return RecordFormat.imageRefEquals(value.duplicate().order(ByteOrder.BIG_ENDIAN), imageRef);
    } catch (IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static String show(String name) {
    return LmdbVerifier.describeKey(ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8)));
  }

  /** The record in {@code value}, or null when it is damaged. */
  private static PulledRecord decode(ByteBuffer value) {
    try {
      return RecordFormat.decode(value.duplicate().order(ByteOrder.BIG_ENDIAN));
    } catch (StoreDamagedException e) {
      return null;
    }
  }

  private static String decodeIntent(ByteBuffer value) {
    try {
      return IntentCodec.decode(value.duplicate());
    } catch (StoreDamagedException e) {
      return null;
    }
  }

  /** The key as text when it is a plain key of printable ASCII, else null (a digest key). */
  private static String plainKey(ByteBuffer key) {
    if (key.remaining() == KeyCodec.DIGEST_KEY_LENGTH
        && key.get(key.position()) == KeyCodec.DIGEST_PREFIX) {
      return null;
    }
    char[] chars = new char[key.remaining()];
    for (int i = 0; i < chars.length; i++) {
      int c = key.get(key.position() + i) & 0xFF;
      if (c <= 0x20 || c >= 0x7f) {
        return null;
      }
      chars[i] = (char) c;
    }
    return new String(chars);
  }

  /** Every entry of {@code dbi}, copied out of the map so that the databases can be rebuilt. */
  private static List<CopiedEntry> entries(Txn<ByteBuffer> txn, Dbi<ByteBuffer> dbi) {
    List<CopiedEntry> all = new ArrayList<>();
    try (CursorIterable<ByteBuffer> cursor = dbi.iterate(txn)) {
      for (CursorIterable.KeyVal<ByteBuffer> entry : cursor) {
        all.add(CopiedEntry.of(entry));
      }
    }
    return all;
  }

  static ByteBuffer lostKey() {
    return Schema.bytes(LOST_KEY.getBytes(StandardCharsets.US_ASCII));
  }

  /** What a repair keeps: records and intents by imageRef and reference, and the entries lost. */
  private record Plan(Map<String, Candidate> records, Map<String, Candidate> intents, long lost) {}

  /**
   * The entry a repair keeps for an imageRef or reference, and how it came by it.
   *
   * @param record the record to store, or null for an intent
   * @param rank {@link #KEPT} as it was, {@link #REWRITTEN}, {@link #MOVED} or {@link #FAIL_CLOSED}
   * @param key the key it was found under, printable
   */
  private record Candidate(String name, PulledRecord record, int rank, String key) {}
}
