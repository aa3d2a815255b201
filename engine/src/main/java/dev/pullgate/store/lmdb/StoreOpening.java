package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The open protocol of a store directory: what the directory holds, decided from its identity file
 * ({@link StoreIdentity}) and a {@linkplain DataFileCheck check of its data file} before LMDB maps
 * anything, and what the open may therefore do. A store that existed is never taken for a new one.
 *
 * <pre>
 *  pullgate.id        data.mdb                        writable open                read-only open
 *  none               none (nor LMDB's lock.mdb)      NEW: create                  refuse: no store
 *  none               present, sane, exactly          ADOPT: open, write ready     open
 *                     Pullgate's databases
 *  none               anything else, or none while    refuse: damaged / not adopted
 *                     lock.mdb remains
 *  creating           none, 0 bytes, or sane and no   FINISH: create               refuse: unfinished
 *                     named database
 *  creating           sane, exactly Pullgate's        FINISH: open, write ready    refuse: unfinished
 *  ready | damaged    sane, with named databases      EXISTING: open               open
 *  ready | damaged    missing, empty, truncated,      refuse: damaged (never recreated)
 *                     insane, or no named database
 *  unreadable         any                             refuse: damaged
 * </pre>
 *
 * <p>Creating writes identity {@code creating} before LMDB creates its files, and {@code ready}
 * once the schema is committed, so an identity still {@code creating} means that the open never
 * returned and no record can have been acknowledged: finishing it loses nothing. LMDB creates its
 * lock file only after the identity is written, so a lock file beside neither a data file nor an
 * identity is what remains of a store that lost both, never of a creation. A data file with no
 * identity is an environment of a release that wrote none, or a foreign one: it is adopted only
 * when its named databases are exactly Pullgate's. Only a writable open writes the identity, under
 * the writer lock; a read-only open of an environment it would adopt reads it as it is.
 *
 * <p>Used by {@link LmdbEnv#open} in four steps: {@link #begin} before the environment is opened,
 * {@link #checkDatabases} once it is, {@link #createsSchema} for {@link Schema#open}, and {@link
 * #finish} after the schema is open.
 */
final class StoreOpening {
  /**
   * The named databases of a store that a release without identity files wrote: the only set of
   * databases an environment without an identity may hold to be adopted.
   */
  static final Set<String> ADOPTABLE_DATABASES =
      Set.of(Schema.META_DB, Schema.RECORDS_DB, Schema.INTENTS_DB);

  /**
   * The named databases of a store of the current schema, which an environment without an identity
   * may also hold: a store of an earlier release whose migration began before its identity was
   * written.
   */
  static final Set<String> ADOPTABLE_CURRENT_DATABASES =
      Set.of(Schema.META_DB, Schema.RECORDS_DB, Schema.INTENTS_DB, Schema.INDEX_DB);

  private static final int MAX_NAMES_SHOWN = 8;
  private static final int MAX_NAME_CHARS = 40;

  /** What the directory holds, and so what the open does. */
  enum Kind {
    /** Nothing: a writable open creates the store. */
    NEW,
    /** A creation that did not finish: a writable open finishes it. */
    FINISH_CREATION,
    /** A store with an identity: opened as it is. */
    EXISTING,
    /** An environment without an identity: opened when it is Pullgate's, and given an identity. */
    ADOPT
  }

  private final Path dir;
  private final boolean writable;
  private final Kind kind;
  private final boolean createsSchema;
  private final InstantSource clock;
  private StoreIdentity identity;

  private StoreOpening(
      Path dir,
      boolean writable,
      Kind kind,
      boolean createsSchema,
      InstantSource clock,
      StoreIdentity identity) {
    this.dir = dir;
    this.writable = writable;
    this.kind = kind;
    this.createsSchema = createsSchema;
    this.clock = clock;
    this.identity = identity;
  }

  /**
   * Classifies {@code dir} (a real path) before LMDB opens it, and prepares a writable open: writes
   * identity {@code creating} for a new store, and removes a data file of 0 bytes that an
   * unfinished creation left.
   *
   * @throws StoreDamagedException when the identity file or the data file is damaged, or the data
   *     file is missing while the identity says the store exists
   * @throws StoreException when the directory holds no store and the open is read-only, a creation
   *     did not finish and the open is read-only, or the environment is not Pullgate's
   */
  static StoreOpening begin(Path dir, boolean writable, InstantSource clock) {
    Optional<StoreIdentity> read = StoreIdentity.read(dir);
    Path data = dir.resolve(StoreDirectory.DATA_FILE);
    boolean hasData = Files.exists(data);
    if (hasData && !Files.isRegularFile(data)) {
      throw DataFileCheck.damaged(dir, StoreDirectory.DATA_FILE + " is not a regular file");
    }
    Path lmdbLock = dir.resolve(StoreDirectory.LMDB_LOCK_FILE);
    if (Files.exists(lmdbLock, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(lmdbLock, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreException(
          "LMDB's lock file "
              + lmdbLock
              + " is not a regular file; it holds no records: when no process has the store"
              + " open, remove it and open the store again (LMDB creates it anew)");
    }
    if (read.isEmpty()) {
      if (!hasData) {
        if (!writable) {
          throw new StoreException(
              "no Pullgate store at " + dir + " (no " + StoreDirectory.DATA_FILE + ")");
        }
        if (Files.exists(dir.resolve(StoreDirectory.LMDB_LOCK_FILE))) {
          throw DataFileCheck.damaged(
              dir,
              StoreDirectory.DATA_FILE
                  + " is missing, but LMDB's "
                  + StoreDirectory.LMDB_LOCK_FILE
                  + " shows that a store was opened here (and "
                  + StoreIdentity.FILE
                  + " is missing too)");
        }
        StoreIdentity created =
            StoreIdentity.create(dir, clock.instant(), StoreIdentity.State.CREATING);
        return new StoreOpening(dir, true, Kind.NEW, true, clock, created);
      }
      if (DataFileCheck.check(dir).namedDatabases() == 0) {
        throw notAdopted(dir, "it holds no named database");
      }
      return new StoreOpening(dir, writable, Kind.ADOPT, false, clock, null);
    }
    StoreIdentity identity = read.get();
    if (identity.state() == StoreIdentity.State.CREATING) {
      return finishing(dir, writable, clock, identity, hasData);
    }
    if (!hasData) {
      throw DataFileCheck.damaged(
          dir,
          StoreDirectory.DATA_FILE
              + " is missing, but "
              + StoreIdentity.FILE
              + " says a store was created here at "
              + identity.created());
    }
    if (DataFileCheck.check(dir).namedDatabases() == 0) {
      throw DataFileCheck.damaged(
          dir,
          StoreDirectory.DATA_FILE
              + " holds no named database, but "
              + StoreIdentity.FILE
              + " says the store is "
              + identity.state().word());
    }
    return new StoreOpening(dir, writable, Kind.EXISTING, false, clock, identity);
  }

  private static StoreOpening finishing(
      Path dir, boolean writable, InstantSource clock, StoreIdentity identity, boolean hasData) {
    if (!writable) {
      throw new StoreException(
          "the creation of the store at "
              + dir
              + " did not finish ("
              + StoreIdentity.FILE
              + " says creating): the next writable open finishes it; when the node agent is"
              + " starting, try again in a moment");
    }
    Path data = dir.resolve(StoreDirectory.DATA_FILE);
    if (hasData && size(data) == 0) {
      deleteEmpty(dir, data);
      hasData = false;
    }
    boolean empty = !hasData || DataFileCheck.check(dir).namedDatabases() == 0;
    return new StoreOpening(dir, true, Kind.FINISH_CREATION, empty, clock, identity);
  }

  /**
   * The store's identity as this open leaves it (after {@link #finish()} for a writable open), or
   * null for a store of an earlier release opened read-only, which has none yet.
   */
  StoreIdentity identity() {
    return identity;
  }

  /** Whether {@link Schema#open} may create the databases: only for a store being created. */
  boolean createsSchema() {
    return createsSchema;
  }

  /**
   * Refuses an environment that this open would give an identity to unless its named databases are
   * exactly {@link #ADOPTABLE_DATABASES}; does nothing for a store that has one.
   *
   * @throws StoreException naming the databases found when they are others
   */
  void checkDatabases(Env<ByteBuffer> env) {
    if (kind != Kind.ADOPT && (kind != Kind.FINISH_CREATION || createsSchema)) {
      return;
    }
    List<String> names = new ArrayList<>();
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      Dbi<ByteBuffer> main = env.openDbi(txn, null, null, false);
      try (CursorIterable<ByteBuffer> entries = main.iterate(txn)) {
        for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
          names.add(StandardCharsets.UTF_8.decode(entry.key().duplicate()).toString());
        }
      }
    }
    if (!Set.copyOf(names).equals(ADOPTABLE_DATABASES)
        && !Set.copyOf(names).equals(ADOPTABLE_CURRENT_DATABASES)) {
      throw notAdopted(dir, "its named databases are " + describe(names));
    }
  }

  /**
   * Completes a writable open once the schema is open: writes identity {@code ready} for a store
   * created, finished or adopted now. Does nothing for a read-only open.
   */
  void finish() {
    if (!writable) {
      return;
    }
    switch (kind) {
      case NEW, FINISH_CREATION -> identity = identity.markReady();
      case ADOPT ->
          identity = StoreIdentity.create(dir, clock.instant(), StoreIdentity.State.READY);
      case EXISTING -> {
        // Its identity stays as it is; only a repair clears a damaged mark.
      }
    }
  }

  private static StoreException notAdopted(Path dir, String why) {
    return new StoreException(
        dir
            + " holds an LMDB environment that Pullgate did not create; it is not adopted ("
            + why
            + ", and there is no "
            + StoreIdentity.FILE
            + "). Point the store path at a directory of its own, or restore this store's "
            + StoreIdentity.FILE
            + " from a backup");
  }

  private static String describe(List<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    Set<String> shown = new TreeSet<>();
    for (String name : names) {
      if (shown.size() == MAX_NAMES_SHOWN) {
        break;
      }
      String printable = name.replaceAll("[^\\x20-\\x7E]", "?");
      shown.add(
          "'"
              + (printable.length() > MAX_NAME_CHARS
                  ? printable.substring(0, MAX_NAME_CHARS) + "..."
                  : printable)
              + "'");
    }
    return String.join(", ", shown) + (names.size() > shown.size() ? ", ..." : "");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new StoreException("cannot read the size of " + file + ": " + e, e);
    }
  }

  /** Removes the 0-byte data file an unfinished creation left, so that LMDB never sees it. */
  private static void deleteEmpty(Path dir, Path data) {
    try {
      Files.delete(data);
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new StoreException("cannot remove the empty " + data + ": " + e, e);
    }
  }
}
