/**
 * The durable store: pulled records and pull intents in an LMDB environment, through lmdbjava.
 *
 * <p>Priorities, in order: never return a record that is not the one stored under the key asked for
 * (fail with {@link dev.pullgate.error.StoreException} instead); never crash the JVM, whatever
 * callers do with {@link dev.pullgate.store.lmdb.LmdbPullRecordStore#close()}; never lose a record
 * whose write returned; then speed.
 *
 * <p>Threading: every store method may be called from any thread. Reads run concurrently, each in a
 * read transaction kept per thread and renewed per read; writes are serialised, one durable commit
 * each (or one per batch). LMDB memory is decoded inside its transaction and never leaves it. One
 * lock per environment keeps reads and writes apart from the two operations that must run alone:
 * growing the map and closing the environment.
 *
 * <p>Processes: one process writes (an exclusive lock on {@code pullgate.lock}); any number read
 * with {@link dev.pullgate.store.lmdb.LmdbPullRecordStore#openReadOnly}. Inside one JVM every store
 * on a directory shares one LMDB environment, because LMDB forbids opening an environment twice in
 * one process.
 *
 * <p>Files: before LMDB maps a directory, {@code StoreOpening} reads its identity file ({@code
 * pullgate.id}) and checks {@code data.mdb}'s meta and root pages with a file channel, so that a
 * store that existed is never taken for a new one and a truncated or damaged file is refused
 * ({@link dev.pullgate.error.StoreDamagedException}) instead of crashing the process.
 *
 * <p>The value format is specified in {@code docs/record-format.md} and in {@link
 * dev.pullgate.record.RecordFormat}.
 */
package dev.pullgate.store.lmdb;
