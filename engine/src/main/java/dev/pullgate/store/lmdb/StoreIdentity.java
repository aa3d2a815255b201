package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The identity file {@value #FILE} beside a store's LMDB environment: which store this is, when it
 * was created, and whether it is ready. It lets an open tell a store that existed (and lost its
 * data file) from a directory where none was ever created, which LMDB alone cannot.
 *
 * <p>The file is ASCII text, at most {@value #MAX_BYTES} bytes, four or five lines, each ending in
 * a line feed, in this order:
 *
 * <pre>
 *  pullgate-store 1                        magic and format version ({@value #MAGIC})
 *  id 8e4f6f0e-1b55-4b47-9d9b-3a7e1c0f2d11  the store's id: a random UUID, lower case
 *  created 2026-12-01T17:31:38Z            when it was created (or adopted): RFC 3339, UTC, seconds
 *  state ready                             creating | ready | damaged
 *  reason verify found 2 damaged entries   only with state damaged: printable, 1 to 200 characters
 * </pre>
 *
 * <p>{@code creating} is written before LMDB creates anything and {@code ready} once the schema is
 * committed; {@code damaged} marks a store in which damage was found, until an operator repairs it.
 * Every write goes through a temporary file in the same directory that is synced, renamed over the
 * file, and followed by a sync of the directory, so a reader sees the old file or the new one. Only
 * the process that holds the writer lock writes it. Reading is strict: any other content is refused
 * with a message that names the file.
 */
final class StoreIdentity {
  static final String FILE = "pullgate.id";
  static final String MAGIC = "pullgate-store 1";
  static final int MAX_BYTES = 4096;
  static final int MAX_REASON_LENGTH = 200;

  private static final String TEMPORARY_FILE = FILE + ".tmp";

  /** Where the store stands. */
  enum State {
    CREATING,
    READY,
    DAMAGED;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Path dir;
  private final UUID id;
  private final Instant created;
  private final State state;
  private final String reason;

  private StoreIdentity(Path dir, UUID id, Instant created, State state, String reason) {
    this.dir = dir;
    this.id = id;
    this.created = created;
    this.state = state;
    this.reason = reason;
  }

  /**
   * Writes the identity of a new store in {@code dir}, with a random id, created at {@code now} and
   * in {@code state}.
   */
  static StoreIdentity create(Path dir, Instant now, State state) {
    StoreIdentity identity =
        new StoreIdentity(dir, UUID.randomUUID(), now.truncatedTo(ChronoUnit.SECONDS), state, null);
    identity.write();
    return identity;
  }

  /**
   * The identity of the store in {@code dir}, or empty when it has no {@value #FILE}.
   *
   * @throws StoreDamagedException when the file is not one this code writes
   * @throws StoreException when it cannot be read
   */
  static Optional<StoreIdentity> read(Path dir) {
    Path path = dir.resolve(FILE);
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw unreadable(dir, "it is not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw unreadable(dir, "it is larger than " + MAX_BYTES + " bytes");
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + path + ": " + e, e);
    }
    return Optional.of(parse(dir, bytes));
  }

  UUID id() {
    return id;
  }

  Instant created() {
    return created;
  }

  State state() {
    return state;
  }

  /** Why the store was marked damaged, or null unless it is. */
  String reason() {
    return reason;
  }

  /** Writes state {@code ready} and returns the identity as it now is. */
  StoreIdentity markReady() {
    return with(State.READY, null);
  }

  /**
   * Writes state {@code damaged} with {@code reason}, which must name what is damaged without any
   * record's contents, and returns the identity as it now is.
   *
   * @throws IllegalArgumentException when {@code reason} is empty, longer than {@value
   *     #MAX_REASON_LENGTH} characters, or not printable ASCII
   */
  StoreIdentity markDamaged(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (!isReason(reason)) {
      throw new IllegalArgumentException(
          "a damage reason must be 1 to "
              + MAX_REASON_LENGTH
              + " printable ASCII characters, was "
              + reason.length()
              + " characters");
    }
    return with(State.DAMAGED, reason);
  }

  private StoreIdentity with(State newState, String newReason) {
    StoreIdentity next = new StoreIdentity(dir, id, created, newState, newReason);
    next.write();
    return next;
  }

  /** The file's text. */
  String text() {
    return MAGIC
        + "\nid "
        + id
        + "\ncreated "
        + created
        + "\nstate "
        + state.word()
        + "\n"
        + (reason == null ? "" : "reason " + reason + "\n");
  }

  private void write() {
    Path temporary = dir.resolve(TEMPORARY_FILE);
    try {
      Files.deleteIfExists(temporary);
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              StoreDirectory.fileAttributes())) {
        ByteBuffer bytes = ByteBuffer.wrap(text().getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary,
            dir.resolve(FILE),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new StoreException(
            "cannot replace " + dir.resolve(FILE) + " atomically on this file system: " + e, e);
      }
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new StoreException("cannot write " + dir.resolve(FILE) + ": " + e, e);
    }
  }

  private static StoreIdentity parse(Path dir, byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.US_ASCII
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw unreadable(dir, "it is not ASCII text");
    }
    if (text.isEmpty()) {
      throw unreadable(dir, "it is empty");
    }
    if (!text.endsWith("\n")) {
      throw unreadable(dir, "its last line does not end with a line feed");
    }
    List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
    if (!lines.get(0).equals(MAGIC)) {
      throw unreadable(
          dir,
          lines.get(0).matches("pullgate-store [0-9]{1,9}")
              ? "it is of another format version ("
                  + printable(lines.get(0))
                  + "; this Pullgate"
                  + " reads "
                  + MAGIC
                  + ")"
              : "its first line is not " + MAGIC);
    }
    if (lines.size() < 4 || lines.size() > 5) {
      throw unreadable(dir, "it has " + lines.size() + " lines; expected 4, or 5 when damaged");
    }
    UUID id = parseId(dir, value(dir, lines.get(1), "id"));
    Instant created = parseCreated(dir, value(dir, lines.get(2), "created"));
    State state = parseState(dir, value(dir, lines.get(3), "state"));
    String reason = null;
    if (state == State.DAMAGED) {
      if (lines.size() != 5) {
        throw unreadable(dir, "its state is damaged but it has no reason line");
      }
      reason = value(dir, lines.get(4), "reason");
      if (!isReason(reason)) {
        throw unreadable(
            dir, "its reason is not 1 to " + MAX_REASON_LENGTH + " printable characters");
      }
    } else if (lines.size() != 4) {
      throw unreadable(dir, "only a damaged store's identity has a fifth line");
    }
    return new StoreIdentity(dir, id, created, state, reason);
  }

  private static String value(Path dir, String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw unreadable(dir, "a line that should start with '" + key + " ' does not");
    }
    return line.substring(key.length() + 1);
  }

  private static UUID parseId(Path dir, String value) {
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equals(value)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    throw unreadable(dir, "its id is not a UUID in lower case");
  }

  private static Instant parseCreated(Path dir, String value) {
    try {
      Instant created = Instant.parse(value);
      if (created.truncatedTo(ChronoUnit.SECONDS).toString().equals(value)) {
        return created;
      }
    } catch (DateTimeParseException e) {
      // Reported below.
    }
    throw unreadable(dir, "its creation time is not an RFC 3339 time in UTC to the second");
  }

  private static State parseState(Path dir, String value) {
    for (State state : State.values()) {
      if (state.word().equals(value)) {
        return state;
      }
    }
    throw unreadable(
        dir, "its state '" + printable(value) + "' is none of creating, ready, damaged");
  }

  private static boolean isReason(String reason) {
    return !reason.isEmpty()
        && reason.length() <= MAX_REASON_LENGTH
        && reason.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
  }

  private static String printable(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return shown.replaceAll("[^\\x20-\\x7E]", "?");
  }

  private static StoreDamagedException unreadable(Path dir, String what) {
    return new StoreDamagedException(
        dir.resolve(FILE)
            + " is not a Pullgate store identity: "
            + what
            + ". The store is not opened. Restore the file from a backup of the directory; or, when"
            + " "
            + StoreDirectory.DATA_FILE
            + " is intact, delete it so that the next open checks the store and adopts it again");
  }
}
