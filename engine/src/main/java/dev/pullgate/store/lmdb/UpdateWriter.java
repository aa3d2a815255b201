package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore.Change;
import java.nio.ByteBuffer;
import java.util.List;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * Applies the changes of one update inside a write transaction: records with their forgetting index
 * entries, and intents. One instance per writing thread (it reuses its key buffers); the
 * environment serialises write transactions, so in practice one exists per store.
 */
final class UpdateWriter {
  private final KeyCodec keys = new KeyCodec();
  private final CredentialIndex index = new CredentialIndex();

  /** Applies {@code changes} in {@code txn}, in order. */
  void apply(Txn<ByteBuffer> txn, Schema schema, List<Change> changes) {
    for (Change change : changes) {
      switch (change.kind()) {
        case PUT_RECORD -> putRecord(txn, schema, change.key(), change.storedBuffer());
        case DELETE_RECORD -> deleteRecord(txn, schema, change.key());
        case PUT_INTENT -> putIntent(txn, schema.intents, change.key());
        case DELETE_INTENT -> deleteIntent(txn, schema.intents, change.key());
      }
    }
  }

  /** Stores {@code stored} under {@code imageRef}, keeping the index in step. */
  void putRecord(Txn<ByteBuffer> txn, Schema schema, String imageRef, ByteBuffer stored) {
    PulledRecord record = RecordFormat.decode(stored.duplicate());
    if (!record.imageRef().equals(imageRef)) {
      throw new IllegalArgumentException("a record change names another imageRef than its record");
    }
    keys.encode(imageRef, "imageRef");
    RecordFormat.IndexTerms before = termsOf(schema.records.get(txn, keys.key()));
    index.update(txn, schema.index, imageRef, before, RecordFormat.indexTerms(record));
    keys.encode(imageRef, "imageRef");
    ByteBuffer out = schema.records.reserve(txn, keys.key(), stored.remaining());
    out.put(stored.duplicate());
  }

  /** Deletes the record of {@code imageRef}, unless its digest key holds another's value. */
  boolean deleteRecord(Txn<ByteBuffer> txn, Schema schema, String imageRef) {
    keys.encode(imageRef, "imageRef");
    ByteBuffer value = schema.records.get(txn, keys.key());
    if (value == null) {
      return false;
    }
    RecordFormat.IndexTerms before = null;
    try {
      if (!RecordFormat.imageRefEquals(value, imageRef) && keys.isDigestKey()) {
        RecordFormat.checkFrame(value.duplicate());
        return false;
      }
      before = termsOf(value);
    } catch (StoreDamagedException e) {
      // Unreadable: whoever it belonged to, deleting it loses nothing that could be read.
    }
    schema.records.delete(txn, keys.key());
    index.update(txn, schema.index, imageRef, before, null);
    return true;
  }

  void putIntent(Txn<ByteBuffer> txn, Dbi<ByteBuffer> intents, String reference) {
    byte[] stored = IntentCodec.encode(reference);
    keys.encode(reference, "reference");
    intents.reserve(txn, keys.key(), stored.length).put(stored);
  }

  boolean deleteIntent(Txn<ByteBuffer> txn, Dbi<ByteBuffer> intents, String reference) {
    keys.encode(reference, "reference");
    ByteBuffer value = intents.get(txn, keys.key());
    if (value == null) {
      return false;
    }
    if (keys.isDigestKey()) {
      try {
        if (!IntentCodec.isKeyed(value, reference)) {
          return false;
        }
      } catch (CorruptValueException e) {
        // Unreadable: deleting it loses nothing that could be read.
      }
    }
    return intents.delete(txn, keys.key());
  }

  /** The index terms of a stored record; none when there is no record or it cannot be read. */
  static RecordFormat.IndexTerms termsOf(ByteBuffer value) {
    if (value == null) {
      return null;
    }
    try {
      return RecordFormat.indexTerms(RecordFormat.decode(value.duplicate()));
    } catch (StoreDamagedException e) {
      return null;
    }
  }

  CredentialIndex index() {
    return index;
  }
}
