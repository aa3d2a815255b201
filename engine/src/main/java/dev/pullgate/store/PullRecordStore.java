package dev.pullgate.store;

import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Where pulled records (keyed by imageRef, in their stored form, {@link RecordFormat}) and pull
 * intents (keyed by normalised reference) are kept: the one storage seam of the engine. The
 * in-memory store, the LMDB store, the cache and write-behind layers and the kubelet file store all
 * implement it, and one contract suite tests them all.
 *
 * <p>Reads hand the stored bytes to a {@link RecordReader} in place, so a decision reads a record
 * from the memory map or the cache without decoding it; {@link #pulledRecord} builds the readable
 * view. Writes are {@link Update}s: every change of one update is applied atomically, so a pull's
 * record and the end of its intent commit together.
 *
 * <p>Threading: every method may be called from many threads at once. The engine serialises updates
 * of one key itself, so a store needs no read-modify-write of its own.
 *
 * <p>Errors: "not found" is a null record or {@code false}, never an exception; a failure to read
 * or write throws {@link StoreException} (a damaged value {@link
 * dev.pullgate.error.StoreDamagedException}), and a closed store {@link StoreClosedException}.
 * {@link #write} is durable when it returns; {@link #writeDeferred} after the next {@link #flush()}
 * or {@link #close()}.
 */
public interface PullRecordStore extends AutoCloseable {

  /**
   * Reads the record of {@code imageRef}: calls {@code reader} with its stored bytes, or with null
   * when there is none, and returns what the reader returns. The bytes are valid only during the
   * call; the reader must copy what it keeps, and must not call back into this store.
   *
   * @param <C> the type of the context
   * @param <R> what the reader returns
   * @param imageRef the record's key
   * @param context passed to the reader as it is
   * @param reader reads the stored bytes in place
   * @return what the reader returned
   * @throws dev.pullgate.error.StoreDamagedException when the value stored there is damaged or is
   *     another imageRef's
   */
  <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader);

  /**
   * The readable view of the record of {@code imageRef}, or empty.
   *
   * @param imageRef the record's key
   * @return the record, or empty
   */
  default Optional<PulledRecord> pulledRecord(String imageRef) {
    return Optional.ofNullable(readRecord(imageRef, null, RecordReader.DECODE));
  }

  /**
   * Calls {@code visitor} with every pulled record, in no particular order.
   *
   * @param visitor called once per record
   */
  void forEachRecord(Consumer<PulledRecord> visitor);

  /** {@return every pulled record, in no particular order} */
  default List<PulledRecord> pulledRecords() {
    List<PulledRecord> all = new ArrayList<>();
    forEachRecord(all::add);
    return all;
  }

  /**
   * Whether an intent is stored for {@code reference}, a normalised reference.
   *
   * @param reference the intent's key
   * @return whether it is stored
   */
  boolean pullIntentExists(String reference);

  /** {@return every stored intent's normalised reference, in no particular order} */
  List<String> pullIntents();

  /** {@return how many pulled records are stored} */
  long pulledRecordCount();

  /** {@return how many intents are stored} */
  long pullIntentCount();

  /**
   * The imageRefs whose records hold a credential under {@code term}: a secret uid, a service
   * account uid, or a namespace. A store with an index answers from it; others scan.
   *
   * @param term what {@code value} is
   * @param value the uid or namespace
   * @return the imageRefs, sorted
   */
  default Set<String> imageRefsWith(IndexTerm term, String value) {
    Set<String> found = new TreeSet<>();
    forEachRecord(
        record -> {
          if (term.of(RecordFormat.indexTerms(record)).contains(value)) {
            found.add(record.imageRef());
          }
        });
    return found;
  }

  /**
   * Applies every change of {@code update} atomically; durable on return.
   *
   * @param update the changes
   */
  void write(Update update);

  /**
   * Applies {@code update} so that every later read sees it at once, while the durable commit may
   * follow later, batched with others. Stores without write-behind write it at once.
   *
   * @param update the changes
   */
  default void writeDeferred(Update update) {
    write(update);
  }

  /** Makes every deferred update durable before returning. */
  default void flush() {}

  /**
   * The imageRefs whose records are being written at this moment, by a call that has not returned:
   * a store whose layers may show such a record differently (a cache still returning the older
   * record while the layer below shows the new one) names them, so that a call that selects records
   * from a listing, such as a prune, can visit them too under their lock. Others name none.
   *
   * @return the imageRefs, possibly none
   */
  default Set<String> imageRefsBeingWritten() {
    return Set.of();
  }

  /**
   * Whether this store knows that some of its data is damaged (found by verification): then a
   * missing record may be a lost one, and decisions that rest on absence must fail closed.
   *
   * @return whether damage is known
   */
  default boolean isKnownDamaged() {
    return false;
  }

  /**
   * The identifier of the key this store keeps credential hashes under, or empty when it keeps the
   * kubelet's hashes ({@code pullgate.credentials.hashKey}).
   *
   * @return the key's identifier, or empty
   */
  default Optional<String> hashKeyId() {
    return Optional.empty();
  }

  /**
   * Records, durably, that this store keeps credential hashes under the key named {@code id}; only
   * a store that holds no record and no key yet may take one.
   *
   * @param id the key's identifier
   * @throws StoreException when the store cannot keep keyed hashes, holds records, or has a key
   */
  default void adoptHashKeyId(String id) {
    throw new StoreException("this store cannot keep credential hashes under a key");
  }

  /** Flushes deferred updates and releases the store; later calls throw {@link StoreException}. */
  @Override
  void close();

  /** {@return an in-memory store: records are lost when it is closed, unless it is reopened} */
  static PullRecordStore inMemory() {
    return new InMemoryPullRecordStore();
  }

  /**
   * A bounded cache of stored records and intent lookups over {@code delegate}, which it owns:
   * reads of cached keys never reach it, writes go through it. Zero turns that kind of caching off.
   *
   * @param delegate the store underneath
   * @param maxRecords how many stored records to keep, or zero
   * @param maxIntents how many intent lookups to keep, or zero
   * @return the caching store
   */
  static CachingPullRecordStore cached(PullRecordStore delegate, long maxRecords, long maxIntents) {
    return new CachingPullRecordStore(delegate, maxRecords, maxIntents);
  }

  /**
   * Write-behind over {@code delegate}, which it owns: deferred updates return at once and are
   * committed in batches by one background thread; concurrent durable writes share commits.
   *
   * @param delegate the store underneath
   * @return the write-behind store
   */
  static PullRecordStore writeBehind(PullRecordStore delegate) {
    return new WriteBehindPullRecordStore(delegate);
  }

  /**
   * Reads one stored record in place.
   *
   * @param <C> the context the caller passes through, so that a reader needs no allocation
   * @param <R> what it returns
   */
  @FunctionalInterface
  interface RecordReader<C, R> {
    /** The reader that decodes the readable view, or returns null when there is no record. */
    RecordReader<Object, PulledRecord> DECODE =
        (context, stored, inPlace) -> stored == null ? null : RecordFormat.decode(stored);

    /**
     * Reads {@code stored} (its position to its limit), or null when there is no record.
     *
     * @param inPlace whether the bytes come straight from durable storage and were not checked (a
     *     probe then checks their frame and checksum first); false for bytes that were checked when
     *     they were copied, or written by this process
     * @param context what the caller passed to {@link PullRecordStore#readRecord}
     * @param stored the stored record, or null
     * @return what the caller of {@link PullRecordStore#readRecord} gets
     */
    R read(C context, ByteBuffer stored, boolean inPlace);
  }

  /** What an index of credentials finds records by. */
  enum IndexTerm {
    /** A secret's uid. */
    SECRET_UID,
    /** A service account's uid. */
    SERVICE_ACCOUNT_UID,
    /** The namespace of a secret or a service account. */
    NAMESPACE;

    /**
     * The values of this term among {@code terms}.
     *
     * @param terms a record's index terms
     * @return the values
     */
    public Set<String> of(RecordFormat.IndexTerms terms) {
      return switch (this) {
        case SECRET_UID -> terms.secretUids();
        case SERVICE_ACCOUNT_UID -> terms.serviceAccountUids();
        case NAMESPACE -> terms.namespaces();
      };
    }
  }

  /**
   * Changes to apply together: records to store or delete, intents to store or delete. Immutable; a
   * record is encoded when it is added, so a record no store could hold fails the call that added
   * it.
   */
  final class Update {
    private final List<Change> changes;

    private Update(List<Change> changes) {
      this.changes = List.copyOf(changes);
    }

    /** The update of these changes, in this order. */
    static Update of(List<Change> changes) {
      return new Update(changes);
    }

    /** {@return a builder of an update} */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * The update that stores {@code record}.
     *
     * @param record the record
     * @return the update
     */
    public static Update putRecord(PulledRecord record) {
      return builder().putRecord(record).build();
    }

    /**
     * The update that deletes the record of {@code imageRef}.
     *
     * @param imageRef the record's key
     * @return the update
     */
    public static Update deleteRecord(String imageRef) {
      return builder().deleteRecord(imageRef).build();
    }

    /**
     * The update that stores an intent for {@code reference}.
     *
     * @param reference the intent's key
     * @return the update
     */
    public static Update putIntent(String reference) {
      return builder().putIntent(reference).build();
    }

    /**
     * The update that deletes the intent for {@code reference}.
     *
     * @param reference the intent's key
     * @return the update
     */
    public static Update deleteIntent(String reference) {
      return builder().deleteIntent(reference).build();
    }

    /** {@return the changes, in the order they were added} */
    public List<Change> changes() {
      return changes;
    }

    /** {@return whether this update changes nothing} */
    public boolean isEmpty() {
      return changes.isEmpty();
    }

    @Override
    public String toString() {
      return "Update" + changes;
    }

    /** Collects the changes of an update. */
    public static final class Builder {
      private final List<Change> changes = new ArrayList<>();

      private Builder() {}

      /**
       * Stores {@code record} under its imageRef.
       *
       * @param record the record
       * @return this builder
       * @throws IllegalArgumentException when no store could hold it
       */
      public Builder putRecord(PulledRecord record) {
        changes.add(
            new Change(Change.Kind.PUT_RECORD, record.imageRef(), RecordFormat.encode(record)));
        return this;
      }

      /**
       * Deletes the record of {@code imageRef}.
       *
       * @param imageRef the record's key
       * @return this builder
       */
      public Builder deleteRecord(String imageRef) {
        changes.add(new Change(Change.Kind.DELETE_RECORD, imageRef, null));
        return this;
      }

      /**
       * Stores an intent for {@code reference}; storing an existing one again is no error.
       *
       * @param reference the intent's key
       * @return this builder
       */
      public Builder putIntent(String reference) {
        changes.add(new Change(Change.Kind.PUT_INTENT, reference, null));
        return this;
      }

      /**
       * Deletes the intent for {@code reference}.
       *
       * @param reference the intent's key
       * @return this builder
       */
      public Builder deleteIntent(String reference) {
        changes.add(new Change(Change.Kind.DELETE_INTENT, reference, null));
        return this;
      }

      /** {@return the update} */
      public Update build() {
        return new Update(changes);
      }
    }
  }

  /**
   * One change of an {@link Update}.
   *
   * @param kind what it does
   * @param key the imageRef of a record, or the normalised reference of an intent
   * @param stored the stored form of the record to put, else null
   */
  record Change(Kind kind, String key, byte[] stored) {
    /**
     * Checks that the change has a kind and a key.
     *
     * @param kind what it does
     * @param key the imageRef of a record, or the normalised reference of an intent
     * @param stored the stored form of the record to put, else null
     */
    public Change {
      java.util.Objects.requireNonNull(kind, "kind");
      java.util.Objects.requireNonNull(key, "key");
    }

    /** {@return whether this change is about a record (else an intent)} */
    public boolean isRecord() {
      return kind == Kind.PUT_RECORD || kind == Kind.DELETE_RECORD;
    }

    /**
     * The stored record as a buffer over its bytes (position 0), or null for anything but a put.
     * Stores hand it to readers, which never write to it; it is not a read-only buffer, because
     * hashing one of those reads it byte by byte.
     *
     * @return the buffer, or null
     */
    public ByteBuffer storedBuffer() {
      return stored == null ? null : ByteBuffer.wrap(stored);
    }

    /** What a change does. */
    public enum Kind {
      /** Stores a record under its imageRef, replacing any. */
      PUT_RECORD,
      /** Deletes the record of an imageRef, if any. */
      DELETE_RECORD,
      /** Stores an intent. */
      PUT_INTENT,
      /** Deletes an intent, if any. */
      DELETE_INTENT
    }

    @Override
    public String toString() {
      return kind + " " + key;
    }
  }
}
