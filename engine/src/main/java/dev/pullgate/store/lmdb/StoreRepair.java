package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.image.ImageName;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * Repairs the entries of a store that verification reports, in one write transaction, always toward
 * "pull": {@code pullgate repair}.
 *
 * <ul>
 *   <li>A record or intent stored under the wrong key moves to the key its value names (unless an
 *       intact entry is there already); a value that decodes but is not canonical is rewritten.
 *   <li>A damaged record under a plain key, whose key is its imageRef, is replaced by a record that
 *       says "pulled by this node, nobody known to be allowed": its pods pull again. A damaged
 *       intent under a plain key is written again for its reference.
 *   <li>A damaged entry under a digest key names no imageRef or reference that can be recovered; it
 *       is deleted and counted as lost: such an image may look preloaded until it is pulled again.
 *   <li>The forgetting index is rebuilt from the records.
 * </ul>
 *
 * <p>Damage to the B-tree itself (keys out of order) cannot be repaired in place; the report says
 * so, and the store stays marked damaged.
 */
final class StoreRepair {
  private final LmdbEnv env;
  private final UpdateWriter writer = new UpdateWriter();
  private final KeyCodec keys = new KeyCodec();

  private StoreRepair(LmdbEnv env) {
    this.env = env;
  }

  /** Repairs {@code env}'s store, then verifies it; marks it ready again when it is intact. */
  static LmdbPullRecordStore.Repair repair(LmdbEnv env, Instant now) {
    StoreRepair repair = new StoreRepair(env);
    Counts counts = env.write(txn -> repair.run(txn, now));
    LmdbPullRecordStore.Verification after = LmdbVerifier.verify(env);
    if (after.isIntact()) {
      env.damageRepaired();
    } else {
      env.damageFound(BackgroundVerification.summary(after));
    }
    return new LmdbPullRecordStore.Repair(
        counts.moved, counts.rewritten, counts.failClosed, counts.lost, after);
  }

  private Counts run(Txn<ByteBuffer> txn, Instant now) {
    Counts counts = new Counts();
    List<PulledRecord> records = repairRecords(txn, now, counts);
    repairIntents(txn, counts);
    env.index().drop(txn);
    for (PulledRecord record : records) {
      writer.index().add(txn, env.index(), record.imageRef(), RecordFormat.indexTerms(record));
    }
    return counts;
  }

  private List<PulledRecord> repairRecords(Txn<ByteBuffer> txn, Instant now, Counts counts) {
    List<CopiedEntry> entries = entries(txn, env.records());
    List<PulledRecord> kept = new ArrayList<>();
    for (CopiedEntry entry : entries) {
      PulledRecord record = decode(entry.value());
      if (record == null) {
        env.records().delete(txn, entry.directKey());
        String imageRef = plainKey(entry.key());
        if (imageRef != null && PulledRecord.isValidImageRef(imageRef)) {
          PulledRecord closed = PulledRecord.withoutCredentials(imageRef, now);
          put(txn, closed);
          kept.add(closed);
          counts.failClosed++;
        } else {
          counts.lost++;
        }
        continue;
      }
      boolean rightKey = keys.encode(record.imageRef(), "imageRef").key().equals(entry.key());
      boolean canonical = ByteBuffer.wrap(RecordFormat.encode(record)).equals(entry.value());
      if (rightKey && canonical) {
        kept.add(record);
        continue;
      }
      if (!rightKey) {
        env.records().delete(txn, entry.directKey());
        PulledRecord there =
            decode(env.records().get(txn, keys.encode(record.imageRef(), "imageRef").key()));
        if (there != null) {
          continue;
        }
        counts.moved++;
      } else {
        counts.rewritten++;
      }
      put(txn, record);
      kept.add(record);
    }
    return kept;
  }

  private void repairIntents(Txn<ByteBuffer> txn, Counts counts) {
    for (CopiedEntry entry : entries(txn, env.intents())) {
      String reference = decodeIntent(entry.value());
      if (reference == null) {
        env.intents().delete(txn, entry.directKey());
        String key = plainKey(entry.key());
        if (key != null && ImageName.tryParse(key).isPresent()) {
          writer.putIntent(txn, env.intents(), key);
          counts.failClosed++;
        } else {
          counts.lost++;
        }
      } else if (!keys.encode(reference, "reference").key().equals(entry.key())) {
        env.intents().delete(txn, entry.directKey());
        writer.putIntent(txn, env.intents(), reference);
        counts.moved++;
      }
    }
  }

  private void put(Txn<ByteBuffer> txn, PulledRecord record) {
    byte[] stored = RecordFormat.encode(record);
    keys.encode(record.imageRef(), "imageRef");
    env.records().reserve(txn, keys.key(), stored.length).put(stored);
  }

  /** The record in {@code value}, or null when it is damaged or absent. */
  private static PulledRecord decode(ByteBuffer value) {
    if (value == null) {
      return null;
    }
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

  /** Every entry of {@code dbi}, copied out of the map so that the walk can change the database. */
  private static List<CopiedEntry> entries(Txn<ByteBuffer> txn, Dbi<ByteBuffer> dbi) {
    List<CopiedEntry> all = new ArrayList<>();
    try (CursorIterable<ByteBuffer> cursor = dbi.iterate(txn)) {
      for (CursorIterable.KeyVal<ByteBuffer> entry : cursor) {
        all.add(CopiedEntry.of(entry));
      }
    }
    return all;
  }

  private static final class Counts {
    int moved;
    int rewritten;
    int failClosed;
    int lost;
  }
}
