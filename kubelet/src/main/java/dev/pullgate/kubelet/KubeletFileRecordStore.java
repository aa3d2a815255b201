package dev.pullgate.kubelet;

import dev.pullgate.error.StoreClosedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The kubelet's own record storage behind Pullgate's store seam: one JSON file per record in the
 * kubelet's image manager directory, fronted by the kubelet's write-through LRU caches. It is the
 * baseline that benchmarks compare the engine's stores against, so it keeps the kubelet's design
 * rather than improving on it.
 *
 * <p>As in the kubelet, the intent cache holds at most {@value #MAX_INTENT_CACHE} intents and the
 * record cache at most {@value #MAX_RECORD_CACHE} records. Opening the store lists both directories
 * to warm the caches. A cache answers a miss by itself only while it is authoritative, that is
 * while it holds everything: from a complete listing smaller than its capacity until its first
 * eviction. Otherwise a miss reads the file. A listing made while not authoritative holds every
 * stripe lock and may make the cache authoritative again. A cache of size zero is off: every read
 * of its kind goes to the files, and opening does not list them ({@link #openUncached}).
 *
 * <p>Implementation notes. Writes and deletes take the key's stripe lock, write the file, then
 * update the cache. Files are replaced atomically but never fsynced, as the kubelet does, so a
 * write is durable against a crash of this process but not against a power loss. Counts count
 * record files, as the kubelet's metrics do. Deviations, all towards consistency: a cached record's
 * time is kept at whole seconds, as its file holds it, so a read answers the same whether it hits
 * the cache or the disk; a listing leaves out (and reports) a file whose stored key does not match
 * its name, where the kubelet would list it; and {@link #pulledRecords()} and {@link
 * #pullIntents()} throw {@link StoreException} when a file could not be read, where the kubelet
 * goes on with a partial list ({@link #listPulledRecords()} and {@link #listPullIntents()} return
 * both). The kubelet's format keeps one time per record, so every credential read back is dated at
 * the record's time, and it has no place for names observed as preloaded.
 */
public final class KubeletFileRecordStore implements PullRecordStore {
  /** The most intents the kubelet caches. */
  public static final int MAX_INTENT_CACHE = 1024;

  /** The most pulled records the kubelet caches. */
  public static final int MAX_RECORD_CACHE = 2000;

  private static final int LOCK_STRIPES = 64;

  private final KubeletRecordDirectory directory;
  private final KubeletApiVersion writeVersion;
  private final AuthoritativeLruCache<String> intents;
  private final AuthoritativeLruCache<CachedRecord> records;
  private final StripedLocks intentLocks = new StripedLocks(LOCK_STRIPES);
  private final StripedLocks recordLocks = new StripedLocks(LOCK_STRIPES);
  private volatile boolean closed;

  private KubeletFileRecordStore(
      KubeletRecordDirectory directory,
      KubeletApiVersion writeVersion,
      int intentCacheSize,
      int recordCacheSize) {
    this.directory = directory;
    this.writeVersion = writeVersion;
    this.intents = new AuthoritativeLruCache<>(Math.min(intentCacheSize, MAX_INTENT_CACHE));
    this.records = new AuthoritativeLruCache<>(Math.min(recordCacheSize, MAX_RECORD_CACHE));
  }

  /** Opens the kubelet records at {@code root} with the kubelet's cache sizes, writing v1beta1. */
  public static KubeletFileRecordStore open(Path root) {
    return open(root, KubeletApiVersion.DEFAULT, MAX_INTENT_CACHE, MAX_RECORD_CACHE);
  }

  /**
   * Opens the kubelet records at {@code root}, creating its directories if missing, and warms the
   * caches. Cache sizes above the kubelet's limits are lowered to them, as the kubelet does; a size
   * of zero turns that cache off, so that every read of its kind goes to the files.
   *
   * @throws IllegalArgumentException when a cache size is negative
   */
  public static KubeletFileRecordStore open(
      Path root, KubeletApiVersion writeVersion, int intentCacheSize, int recordCacheSize) {
    Objects.requireNonNull(writeVersion, "writeVersion");
    if (intentCacheSize < 0 || recordCacheSize < 0) {
      throw new IllegalArgumentException(
          "cache sizes must not be negative, were intents="
              + intentCacheSize
              + " records="
              + recordCacheSize);
    }
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    directory.createDirectories();
    KubeletFileRecordStore store =
        new KubeletFileRecordStore(directory, writeVersion, intentCacheSize, recordCacheSize);
    if (intentCacheSize > 0) {
      store.listPullIntents();
    }
    if (recordCacheSize > 0) {
      store.listPulledRecords();
    }
    return store;
  }

  /**
   * Opens the kubelet records at {@code root}, creating its directories if missing, with both
   * caches off: every lookup reads (or looks for) its file, and opening reads nothing. It is the
   * kubelet's store without its LRU, the baseline for a node whose records outgrow any cache.
   */
  public static KubeletFileRecordStore openUncached(Path root, KubeletApiVersion writeVersion) {
    return open(root, writeVersion, 0, 0);
  }

  /** The directory this store keeps its files in. */
  public KubeletRecordDirectory directory() {
    return directory;
  }

  /**
   * Hands the reader the record in Pullgate's stored form: from the cache, where each record is
   * kept with its encoding, else decoded from its file and encoded. A cache hit thus costs no more
   * than the kubelet's own hit on a decoded record, so comparisons never flatter Pullgate.
   */
  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    CachedRecord record = cachedRecord(imageRef);
    return reader.read(context, record == null ? null : record.stored(), false);
  }

  /** The kubelet's own read: the decoded record from the cache, else from its file. */
  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    CachedRecord record = cachedRecord(imageRef);
    return record == null ? Optional.empty() : Optional.of(record.record());
  }

  private CachedRecord cachedRecord(String imageRef) {
    ensureOpen();
    Objects.requireNonNull(imageRef, "imageRef");
    CachedRecord cached = records.get(imageRef);
    if (cached != null) {
      return cached;
    }
    recordLocks.lock(imageRef);
    try {
      cached = records.get(imageRef);
      if (cached != null || records.isAuthoritative()) {
        return cached;
      }
      Optional<PulledRecord> stored = directory.readPulledRecord(imageRef);
      if (stored.isEmpty()) {
        return null;
      }
      cached = CachedRecord.of(stored.get());
      records.put(imageRef, cached);
      return cached;
    } finally {
      recordLocks.unlock(imageRef);
    }
  }

  /**
   * Applies the changes in order, each file written (or deleted) atomically on its own: the
   * kubelet's files have no transaction across them. A record the kubelet's format cannot hold
   * (names observed as preloaded, a record not pulled by the node) is refused before anything is
   * written.
   */
  @Override
  public void write(Update update) {
    ensureOpen();
    List<PulledRecord> decoded = new ArrayList<>();
    for (Change change : update.changes()) {
      if (change.kind() == Change.Kind.PUT_RECORD) {
        PulledRecord record = RecordFormat.decode(change.storedBuffer());
        if (!record.pulledByNode() || !record.preloadedNames().isEmpty()) {
          throw new StoreException(
              "the kubelet's record format cannot keep names observed as preloaded");
        }
        decoded.add(record);
      }
    }
    int next = 0;
    for (Change change : update.changes()) {
      switch (change.kind()) {
        case PUT_RECORD -> writePulledRecord(decoded.get(next++));
        case DELETE_RECORD -> deletePulledRecord(change.key());
        case PUT_INTENT -> writePullIntent(change.key());
        case DELETE_INTENT -> deletePullIntent(change.key());
      }
    }
  }

  @Override
  public void forEachRecord(Consumer<PulledRecord> visitor) {
    requireComplete(listPulledRecords(), "pulled record").forEach(visitor);
  }

  /** Every pulled record that could be read, with the files that could not; refreshes the cache. */
  public Listing<PulledRecord> listPulledRecords() {
    ensureOpen();
    return refreshingList(
        records,
        recordLocks,
        directory::listPulledRecords,
        PulledRecord::imageRef,
        CachedRecord::of);
  }

  @Override
  public boolean pullIntentExists(String image) {
    ensureOpen();
    Objects.requireNonNull(image, "image");
    if (intents.get(image) != null) {
      return true;
    }
    intentLocks.lock(image);
    try {
      if (intents.get(image) != null) {
        return true;
      }
      if (intents.isAuthoritative()) {
        return false;
      }
      boolean exists = directory.pullIntentExists(image);
      if (exists) {
        intents.put(image, image);
      }
      return exists;
    } finally {
      intentLocks.unlock(image);
    }
  }

  @Override
  public List<String> pullIntents() {
    return requireComplete(listPullIntents(), "pull intent");
  }

  /** Every pull intent that could be read, with the files that could not; refreshes the cache. */
  public Listing<String> listPullIntents() {
    ensureOpen();
    return refreshingList(
        intents, intentLocks, directory::listPullIntents, Function.identity(), Function.identity());
  }

  @Override
  public long pulledRecordCount() {
    ensureOpen();
    return directory.countPulledRecordFiles();
  }

  @Override
  public long pullIntentCount() {
    ensureOpen();
    return directory.countPullIntentFiles();
  }

  /** Drops the caches; the files stay. Nothing to flush: every write went to its file at once. */
  @Override
  public void close() {
    closed = true;
    intents.clear();
    records.clear();
  }

  private void writePulledRecord(PulledRecord record) {
    String imageRef = record.imageRef();
    recordLocks.lock(imageRef);
    try {
      directory.writePulledRecord(record, writeVersion);
      records.put(imageRef, CachedRecord.of(asStored(record)));
    } finally {
      recordLocks.unlock(imageRef);
    }
  }

  private void deletePulledRecord(String imageRef) {
    recordLocks.lock(imageRef);
    try {
      directory.deletePulledRecord(imageRef);
      records.remove(imageRef);
    } finally {
      recordLocks.unlock(imageRef);
    }
  }

  private void writePullIntent(String image) {
    intentLocks.lock(image);
    try {
      directory.writePullIntent(image, writeVersion);
      intents.put(image, image);
    } finally {
      intentLocks.unlock(image);
    }
  }

  private void deletePullIntent(String image) {
    intentLocks.lock(image);
    try {
      directory.deletePullIntent(image);
      intents.remove(image);
    } finally {
      intentLocks.unlock(image);
    }
  }

  /** How many records the record cache holds at most. */
  int recordCacheCapacity() {
    return records.capacity();
  }

  /** How many intents the intent cache holds at most. */
  int intentCacheCapacity() {
    return intents.capacity();
  }

  /** Whether the record cache currently answers misses by itself. */
  boolean recordCacheIsAuthoritative() {
    return records.isAuthoritative();
  }

  /** Whether the intent cache currently answers misses by itself. */
  boolean intentCacheIsAuthoritative() {
    return intents.isAuthoritative();
  }

  private static <L, V> Listing<L> refreshingList(
      AuthoritativeLruCache<V> cache,
      StripedLocks locks,
      Supplier<Listing<L>> lister,
      Function<L, String> keyOf,
      Function<L, V> toCached) {
    if (cache.isAuthoritative()) {
      return lister.get();
    }
    // Holding every stripe keeps writers out, so the listing is a snapshot the cache may trust.
    locks.lockAll();
    try {
      Listing<L> listing = lister.get();
      cache.refresh(listing.items(), listing.isComplete(), keyOf, toCached);
      return listing;
    } finally {
      locks.unlockAll();
    }
  }

  private <V> List<V> requireComplete(Listing<V> listing, String what) {
    if (!listing.isComplete()) {
      throw new StoreException(
          listing.errors().size()
              + " "
              + what
              + " file(s) under "
              + directory.root()
              + " could not be read, first "
              + listing.errors().get(0));
    }
    return listing.items();
  }

  /** {@code record} as its file gives it back: one time, whole seconds, for every credential. */
  private static PulledRecord asStored(PulledRecord record) {
    return KubeletJsonCodec.asStored(record);
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException();
    }
  }

  /** A cached record with its encoding in Pullgate's stored form, made once when cached. */
  private record CachedRecord(PulledRecord record, ByteBuffer encoded) {
    static CachedRecord of(PulledRecord record) {
      return new CachedRecord(record, ByteBuffer.wrap(RecordFormat.encode(record)));
    }

    /** The encoding for one reader: a view of its own, so readers never share a position. */
    ByteBuffer stored() {
      return encoded.duplicate();
    }
  }
}
