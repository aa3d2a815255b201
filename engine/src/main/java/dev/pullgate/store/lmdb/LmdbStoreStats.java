package dev.pullgate.store.lmdb;

import java.nio.file.Path;

/**
 * A snapshot of an LMDB store's size and shape, for {@code pullgate stat} and for metrics.
 *
 * @param path the store's directory
 * @param readOnly whether this store was opened read-only
 * @param schemaVersion the schema version recorded in the store
 * @param mapSize the current size of the memory map, in bytes
 * @param maxMapSize the size the map may grow to, in bytes (equal to {@code mapSize} when
 *     read-only)
 * @param pageSize LMDB's page size, in bytes
 * @param lastPageNumber the highest page number in use
 * @param mapBytesUsed the bytes of the map in use: {@code (lastPageNumber + 1) * pageSize}
 * @param lastTransactionId the id of the last committed transaction
 * @param pulledRecords how many pulled records are stored
 * @param pullIntents how many pull intents are stored
 * @param dataFileBytes the size of {@code data.mdb} on disk
 * @param readerSlotsHighWater how many reader-table slots have been used at once, at most, since
 *     the lock file was created (LMDB counts the high-water mark, not the slots in use)
 * @param maxReaders the size of the reader table
 */
public record LmdbStoreStats(
    Path path,
    boolean readOnly,
    int schemaVersion,
    long mapSize,
    long maxMapSize,
    int pageSize,
    long lastPageNumber,
    long mapBytesUsed,
    long lastTransactionId,
    long pulledRecords,
    long pullIntents,
    long dataFileBytes,
    int readerSlotsHighWater,
    int maxReaders) {}
