package dev.pullgate.kubelet;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * stripe lock and may make the cache authoritative again.
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
 * both).
 */
public final class KubeletFileRecordStore implements PullRecordStore {
  /** The most intents the kubelet caches. */
  public static final int MAX_INTENT_CACHE = 1024;

  /** The most pulled records the kubelet caches. */
  public static final int MAX_RECORD_CACHE = 2000;

  private static final int LOCK_STRIPES = 64;

  private final KubeletRecordDirectory directory;
  private final KubeletApiVersion writeVersion;
  private final AuthoritativeLruCache<PullIntent> intents;
  private final AuthoritativeLruCache<PulledRecord> records;
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
   * caches. Cache sizes above the kubelet's limits are lowered to them, as the kubelet does.
   *
   * @throws IllegalArgumentException when a cache size is not positive
   */
  public static KubeletFileRecordStore open(
      Path root, KubeletApiVersion writeVersion, int intentCacheSize, int recordCacheSize) {
    Objects.requireNonNull(writeVersion, "writeVersion");
    if (intentCacheSize < 1 || recordCacheSize < 1) {
      throw new IllegalArgumentException(
          "cache sizes must be positive, were intents="
              + intentCacheSize
              + " records="
              + recordCacheSize);
    }
    KubeletRecordDirectory directory = KubeletRecordDirectory.at(root);
    directory.createDirectories();
    KubeletFileRecordStore store =
        new KubeletFileRecordStore(directory, writeVersion, intentCacheSize, recordCacheSize);
    store.listPullIntents();
    store.listPulledRecords();
    return store;
  }

  /** The directory this store keeps its files in. */
  public KubeletRecordDirectory directory() {
    return directory;
  }

  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    ensureOpen();
    Objects.requireNonNull(imageRef, "imageRef");
    PulledRecord cached = records.get(imageRef);
    if (cached != null) {
      return Optional.of(cached);
    }
    recordLocks.lock(imageRef);
    try {
      cached = records.get(imageRef);
      if (cached != null) {
        return Optional.of(cached);
      }
      if (records.isAuthoritative()) {
        return Optional.empty();
      }
      Optional<PulledRecord> stored = directory.readPulledRecord(imageRef);
      stored.ifPresent(record -> records.put(imageRef, record));
      return stored;
    } finally {
      recordLocks.unlock(imageRef);
    }
  }

  @Override
  public void writePulledRecord(PulledRecord record) {
    ensureOpen();
    String imageRef = record.imageRef();
    recordLocks.lock(imageRef);
    try {
      directory.writePulledRecord(record, writeVersion);
      records.put(imageRef, asStored(record));
    } finally {
      recordLocks.unlock(imageRef);
    }
  }

  @Override
  public boolean deletePulledRecord(String imageRef) {
    ensureOpen();
    Objects.requireNonNull(imageRef, "imageRef");
    recordLocks.lock(imageRef);
    try {
      boolean existed = directory.deletePulledRecord(imageRef);
      records.remove(imageRef);
      return existed;
    } finally {
      recordLocks.unlock(imageRef);
    }
  }

  @Override
  public List<PulledRecord> pulledRecords() {
    return requireComplete(listPulledRecords(), "pulled record");
  }

  /** Every pulled record that could be read, with the files that could not; refreshes the cache. */
  public Listing<PulledRecord> listPulledRecords() {
    ensureOpen();
    return refreshingList(
        records, recordLocks, directory::listPulledRecords, PulledRecord::imageRef);
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
        intents.put(image, new PullIntent(image));
      }
      return exists;
    } finally {
      intentLocks.unlock(image);
    }
  }

  @Override
  public void writePullIntent(PullIntent intent) {
    ensureOpen();
    String image = intent.image();
    intentLocks.lock(image);
    try {
      directory.writePullIntent(intent, writeVersion);
      intents.put(image, intent);
    } finally {
      intentLocks.unlock(image);
    }
  }

  @Override
  public boolean deletePullIntent(String image) {
    ensureOpen();
    Objects.requireNonNull(image, "image");
    intentLocks.lock(image);
    try {
      boolean existed = directory.deletePullIntent(image);
      intents.remove(image);
      return existed;
    } finally {
      intentLocks.unlock(image);
    }
  }

  @Override
  public List<PullIntent> pullIntents() {
    return requireComplete(listPullIntents(), "pull intent");
  }

  /** Every pull intent that could be read, with the files that could not; refreshes the cache. */
  public Listing<PullIntent> listPullIntents() {
    ensureOpen();
    return refreshingList(intents, intentLocks, directory::listPullIntents, PullIntent::image);
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

  private static <V> Listing<V> refreshingList(
      AuthoritativeLruCache<V> cache,
      StripedLocks locks,
      Supplier<Listing<V>> lister,
      Function<V, String> keyOf) {
    if (cache.isAuthoritative()) {
      return lister.get();
    }
    // Holding every stripe keeps writers out, so the listing is a snapshot the cache may trust.
    locks.lockAll();
    try {
      Listing<V> listing = lister.get();
      cache.refresh(listing.items(), listing.isComplete(), keyOf);
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

  private static PulledRecord asStored(PulledRecord record) {
    var seconds = KubeletJsonCodec.storedTime(record.lastUpdated());
    return seconds.equals(record.lastUpdated())
        ? record
        : new PulledRecord(record.imageRef(), seconds, record.credentialMapping());
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("store is closed: " + directory.root());
    }
  }
}
