package dev.pullgate.store.lmdb;

import dev.pullgate.image.ImageName;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * Migrates a store of schema version 1 to version 2, in place, when a writer first opens it: every
 * record is rewritten in the flat format with its forgetting index entries (every credential dated
 * at the record's time), every intent is re-keyed by the normalised reference of its image, and
 * then the schema version is raised.
 *
 * <p>It works in chunks of a bounded number of entries, one write transaction each, so that a large
 * store never needs one huge transaction. Each step is idempotent (it skips values already in the
 * new format), and the version is raised last, so a migration cut short by a crash resumes at the
 * next open and readers never see a version 2 store with version 1 values.
 */
final class SchemaMigration {
  /** How many entries one transaction migrates. */
  static final int DEFAULT_CHUNK = 10_000;

  private static final Logger LOG = System.getLogger("dev.pullgate.store");

  private SchemaMigration() {}

  /** Migrates the store of {@code env} to {@link Schema#VERSION}. */
  static void migrate(LmdbEnv env, int chunk) {
    Counts counts = new Counts();
    migrateRecords(env, chunk, counts);
    migrateIntents(env, chunk, counts);
    env.write(
        txn -> {
          env.schema().meta.put(txn, Schema.versionKey(), Schema.bytes(Schema.versionBytes(2)));
          return null;
        });
    env.migrated();
    LOG.log(
        Level.INFO,
        "migrated the store at {0} to schema version {1}: {2} records rewritten, {3} intents"
            + " re-keyed by normalised reference ({4} merged with another spelling, {5} of invalid"
            + " images dropped)",
        env.dir(),
        Schema.VERSION,
        counts.records,
        counts.intents,
        counts.mergedIntents,
        counts.droppedIntents);
  }

  private static void migrateRecords(LmdbEnv env, int chunk, Counts counts) {
    UpdateWriter writer = new UpdateWriter();
    ByteBuffer after = null;
    while (true) {
      List<CopiedEntry> batch = legacyEntries(env, env.records(), after, chunk);
      if (batch.isEmpty()) {
        return;
      }
      env.write(
          txn -> {
            for (CopiedEntry entry : batch) {
              PulledRecord record = LegacyRecordCodec.decode(entry.value().duplicate());
              byte[] stored = RecordFormat.encode(record);
              env.records().delete(txn, entry.directKey());
              writer.putRecord(txn, env.schema(), record.imageRef(), ByteBuffer.wrap(stored));
            }
            return null;
          });
      counts.records += batch.size();
      after = batch.get(batch.size() - 1).directKey();
    }
  }

  private static void migrateIntents(LmdbEnv env, int chunk, Counts counts) {
    UpdateWriter writer = new UpdateWriter();
    ByteBuffer after = null;
    while (true) {
      List<CopiedEntry> batch = legacyEntries(env, env.intents(), after, chunk);
      if (batch.isEmpty()) {
        return;
      }
      env.write(
          txn -> {
            for (CopiedEntry entry : batch) {
              String image = IntentCodec.decodeLegacy(entry.value().duplicate());
              env.intents().delete(txn, entry.directKey());
              Optional<ImageName> name = ImageName.tryParse(image);
              if (name.isEmpty()) {
                counts.droppedIntents++;
                continue;
              }
              String reference = name.get().normalisedReference();
              if (isNewIntent(txn, env, reference)) {
                counts.mergedIntents++;
              }
              writer.putIntent(txn, env.intents(), reference);
              counts.intents++;
            }
            return null;
          });
      after = batch.get(batch.size() - 1).directKey();
    }
  }

  /** Whether an intent of the new format is stored for {@code reference} already. */
  private static boolean isNewIntent(Txn<ByteBuffer> txn, LmdbEnv env, String reference) {
    ByteBuffer value = env.intents().get(txn, new KeyCodec().encode(reference, "reference").key());
    return value != null && IntentCodec.versionOf(value) == IntentCodec.VERSION;
  }

  /** Up to {@code chunk} entries of format version 1 after {@code after}, copied out of LMDB. */
  private static List<CopiedEntry> legacyEntries(
      LmdbEnv env, Dbi<ByteBuffer> dbi, ByteBuffer after, int chunk) {
    return env.read(
        txn -> {
          List<CopiedEntry> found = new ArrayList<>();
          KeyRange<ByteBuffer> range = after == null ? KeyRange.all() : KeyRange.greaterThan(after);
          try (CursorIterable<ByteBuffer> entries = dbi.iterate(txn, range)) {
            for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
              if (RecordFormat.versionOf(entry.val()) == LegacyRecordCodec.FORMAT_VERSION) {
                found.add(CopiedEntry.of(entry));
                if (found.size() >= chunk) {
                  break;
                }
              }
            }
          }
          return found;
        });
  }

  /** What a migration did, for its log line. */
  private static final class Counts {
    long records;
    long intents;
    long mergedIntents;
    long droppedIntents;
  }
}
