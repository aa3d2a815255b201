package dev.pullgate.record;

import static dev.pullgate.record.RecordLayout.ACCOUNT_ACCEPTED_AT;
import static dev.pullgate.record.RecordLayout.ACCOUNT_BLOCK;
import static dev.pullgate.record.RecordLayout.ACCOUNT_CHECK;
import static dev.pullgate.record.RecordLayout.ACCOUNT_COUNT;
import static dev.pullgate.record.RecordLayout.ACCOUNT_FINGERPRINT;
import static dev.pullgate.record.RecordLayout.ACCOUNT_ROW_LENGTH;
import static dev.pullgate.record.RecordLayout.CHECKSUM_LENGTH;
import static dev.pullgate.record.RecordLayout.COORDINATE_OFFSET_MASK;
import static dev.pullgate.record.RecordLayout.ENTRY_FLAGS;
import static dev.pullgate.record.RecordLayout.ENTRY_NODE_PODS_ACCESSIBLE;
import static dev.pullgate.record.RecordLayout.ENTRY_OFFSET;
import static dev.pullgate.record.RecordLayout.ENTRY_PRELOADED;
import static dev.pullgate.record.RecordLayout.FLAGS_OFFSET;
import static dev.pullgate.record.RecordLayout.FLAG_PULLED_BY_NODE;
import static dev.pullgate.record.RecordLayout.HASH;
import static dev.pullgate.record.RecordLayout.HEADER_LENGTH_OFFSET;
import static dev.pullgate.record.RecordLayout.INDEX_FINGERPRINT;
import static dev.pullgate.record.RecordLayout.INDEX_ROW;
import static dev.pullgate.record.RecordLayout.INDEX_ROW_LENGTH;
import static dev.pullgate.record.RecordLayout.KIND_OFFSET;
import static dev.pullgate.record.RecordLayout.KIND_PULLED_RECORD;
import static dev.pullgate.record.RecordLayout.LAST_UPDATED_OFFSET;
import static dev.pullgate.record.RecordLayout.NAME_COUNT_OFFSET;
import static dev.pullgate.record.RecordLayout.NAME_LENGTH;
import static dev.pullgate.record.RecordLayout.NAME_OFFSET;
import static dev.pullgate.record.RecordLayout.NAME_ROW_LENGTH;
import static dev.pullgate.record.RecordLayout.NAME_TABLE_OFFSET;
import static dev.pullgate.record.RecordLayout.SECRET_ACCEPTED_AT;
import static dev.pullgate.record.RecordLayout.SECRET_BLANK_HASH;
import static dev.pullgate.record.RecordLayout.SECRET_BLOCK;
import static dev.pullgate.record.RecordLayout.SECRET_CHECK;
import static dev.pullgate.record.RecordLayout.SECRET_COUNT;
import static dev.pullgate.record.RecordLayout.SECRET_FINGERPRINT;
import static dev.pullgate.record.RecordLayout.SECRET_ROW_LENGTH;
import static dev.pullgate.record.RecordLayout.VERSION;
import static dev.pullgate.record.RecordLayout.VERSION_OFFSET;
import static dev.pullgate.record.RecordLayout.blockLength;
import static dev.pullgate.record.RecordLayout.headerCheck;
import static dev.pullgate.record.RecordLayout.rowCheck;
import static dev.pullgate.record.RecordLayout.xxh3;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.image.ImageName;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A decision's look into one stored record: finds the entry of an image name and matches a pod's
 * credentials against it, reading the stored bytes in place with a few comparisons (binary searches
 * over sorted fixed-width rows), whatever the number of secrets, and allocating nothing.
 *
 * <p>Mutable and not thread-safe: a thread keeps one and reuses it. {@link #open} starts on a
 * record; {@link #findEntry} and then {@link #match} read it; the buffer must stay valid until then
 * (for a store's memory map: inside its read transaction).
 *
 * <p>A probe that opens bytes straight from a store ({@code inPlace}) checks them before it trusts
 * them, at a cost bounded whatever the record's size: a value of up to {@value
 * #WHOLE_CHECK_MAX_LENGTH} bytes (a record of a few dozen secrets) by its checksum over every byte,
 * so damage anywhere refuses it; a larger value by the header check when it opens (the name table
 * and every entry's flags and counts) and by the row check of each row a match relies on, so damage
 * refuses every decision that would rest on a damaged part, and a decision that rests only on
 * intact parts (another image name's entry, a row the search passed by) still decides. Bytes copied
 * into a cache were checked whole when they were copied. Damage throws {@link
 * StoreDamagedException}; no other exception is thrown for any bytes, though reading past a damaged
 * offset may surface as an {@link IndexOutOfBoundsException}, which callers treat alike.
 */
public final class RecordProbe {
  /** No entry for the image name. */
  public static final int NO_ENTRY = 0;

  /**
   * The longest value a probe in place checks whole, by its checksum; longer values are checked
   * part by part, so that a decision over a record of 10,000 secrets does not hash half a megabyte.
   */
  public static final int WHOLE_CHECK_MAX_LENGTH = 4096;

  /** The image name was observed on the node before any pull of it (observed preloaded mode). */
  public static final int PRELOADED = 1;

  /** The entry lets every pod on the node use the image. */
  public static final int NODE_ACCESSIBLE = 2;

  /** The entry holds no secret and no service account. */
  public static final int NO_CREDENTIALS = 3;

  /** The entry holds credentials to match the pod's against. */
  public static final int CREDENTIALS = 4;

  /** No credential of the pod matches. */
  public static final int NO_MATCH = 0;

  /** A pod secret matched by hash, and the entry knows its coordinates (or they are incomplete). */
  public static final int SECRET_HASH = 1;

  /** A pod secret matched by hash, and its complete coordinates are new to the entry. */
  public static final int SECRET_HASH_NEW_COORDINATES = 2;

  /** A pod secret matched by coordinates with another hash: the secret was rotated. */
  public static final int SECRET_COORDINATES = 3;

  /** The pod's service account matched. */
  public static final int SERVICE_ACCOUNT = 4;

  /** Only credentials that a registry accepted too long ago matched. */
  public static final int EXPIRED = 5;

  private ByteBuffer record;
  private int base;
  private int length;
  private boolean checkRows;
  private int entryRow;
  private int matchedSecret;
  private long matchedAcceptedAt;

  /**
   * Starts on the record in {@code record} (its position to its limit).
   *
   * @param record the stored bytes, read from its position to its limit
   * @param inPlace whether the bytes come straight from a store, so they are checked: whole now
   *     when they are short, else the header now and each row when a match relies on it
   * @throws StoreDamagedException when the version or kind is wrong, or, in place, the checksum of
   *     a short value or the header check of a long one
   */
  public void open(ByteBuffer record, boolean inPlace) {
    this.record = record;
    this.base = record.position();
    this.length = record.remaining();
    this.entryRow = -1;
    this.checkRows = false;
    if (length < NAME_TABLE_OFFSET + 4 + CHECKSUM_LENGTH
        || u8(VERSION_OFFSET) != VERSION
        || u8(KIND_OFFSET) != KIND_PULLED_RECORD) {
      throw RecordDecoder.damaged("its format version or kind is wrong");
    }
    if (!inPlace) {
      return;
    }
    if (length <= WHOLE_CHECK_MAX_LENGTH) {
      int checksumAt = base + length - CHECKSUM_LENGTH;
      if (record.getLong(checksumAt) != xxh3(record, base, length - CHECKSUM_LENGTH)) {
        throw RecordDecoder.damaged("its checksum does not match");
      }
      return;
    }
    int headerEnd = record.getInt(base + HEADER_LENGTH_OFFSET);
    if (headerEnd < NAME_TABLE_OFFSET || headerEnd > length - 4) {
      throw RecordDecoder.damaged("its header length is out of bounds");
    }
    if (record.getInt(base + headerEnd) != headerCheck(record, base, base + headerEnd)) {
      throw RecordDecoder.damaged("its header check does not match");
    }
    checkRows = true;
  }

  /** {@return whether the node pulled this image (false for a record of preloaded names only)} */
  public boolean pulledByNode() {
    return (u8(FLAGS_OFFSET) & FLAG_PULLED_BY_NODE) != 0;
  }

  /** {@return when the record last changed, in epoch milliseconds} */
  public long lastUpdatedMillis() {
    return record.getLong(base + LAST_UPDATED_OFFSET);
  }

  /**
   * Finds the entry for the normalised name that {@code name} holds, by binary search over the
   * sorted name table, and says what it is: {@link #NO_ENTRY}, {@link #PRELOADED}, {@link
   * #NODE_ACCESSIBLE}, {@link #NO_CREDENTIALS} or {@link #CREDENTIALS}.
   *
   * @param name the parsed image
   * @return what the entry is
   */
  public int findEntry(ImageName.Cursor name) {
    int low = 0;
    int high = (record.getShort(base + NAME_COUNT_OFFSET) & 0xFFFF) - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int row = base + NAME_TABLE_OFFSET + mid * NAME_ROW_LENGTH;
      int c =
          name.compareNameTo(
              record, base + record.getInt(row + NAME_OFFSET), record.getShort(row + NAME_LENGTH));
      if (c > 0) {
        low = mid + 1;
      } else if (c < 0) {
        high = mid - 1;
      } else {
        entryRow = row;
        int flags = u8(row - base + ENTRY_FLAGS);
        if (flags == ENTRY_PRELOADED) {
          return PRELOADED;
        }
        if (flags == ENTRY_NODE_PODS_ACCESSIBLE) {
          return NODE_ACCESSIBLE;
        }
        boolean empty =
            record.getInt(row + SECRET_COUNT) == 0 && record.getInt(row + ACCOUNT_COUNT) == 0;
        return empty ? NO_CREDENTIALS : CREDENTIALS;
      }
    }
    entryRow = -1;
    return NO_ENTRY;
  }

  /**
   * Matches the pod's credentials against the entry that {@link #findEntry} found ({@link
   * #CREDENTIALS}): secret by secret, by hash and else by coordinates, then the service account
   * (ENGINE-SPEC §4, steps 9 to 11). An entry accepted before {@code notAcceptedBeforeMillis} never
   * grants, but does not hide a fresh one further on.
   *
   * @param podSecrets the pod's secrets, as it presents them (kubelet hashes)
   * @param podAccount the pod's service account, or null
   * @param notAcceptedBeforeMillis the oldest acceptance time that still grants ({@link
   *     Long#MIN_VALUE} when credentials never expire)
   * @param storedForm how the store keeps a kubelet hash (the identity, or its keyed HMAC)
   * @return {@link #NO_MATCH}, {@link #SECRET_HASH}, {@link #SECRET_HASH_NEW_COORDINATES}, {@link
   *     #SECRET_COORDINATES}, {@link #SERVICE_ACCOUNT} or {@link #EXPIRED}
   */
  public int match(
      List<SecretCredential> podSecrets,
      ServiceAccountCoordinates podAccount,
      long notAcceptedBeforeMillis,
      UnaryOperator<CredentialHash> storedForm) {
    int secrets = record.getInt(entryRow + SECRET_COUNT);
    int rows = base + record.getInt(entryRow + ENTRY_OFFSET);
    int index = rows + secrets * SECRET_ROW_LENGTH;
    boolean expired = false;
    for (int i = 0, n = podSecrets.size(); i < n; i++) {
      SecretCredential pod = podSecrets.get(i);
      CredentialHash hash = pod.hash();
      if (hash.isEmpty()) {
        continue;
      }
      SecretCoordinates coordinates = pod.coordinates();
      CredentialHash stored = storedForm.apply(hash);
      // Every row holding the hash grants alike; the credential was last accepted at the latest
      // of their times, which is what coordinates learned from this match are dated with.
      int newestRow = -1;
      long newest = Long.MIN_VALUE;
      for (int r = firstRowAtOrAbove(rows, secrets, stored); r < secrets; r++) {
        int row = rows + r * SECRET_ROW_LENGTH;
        if (blank(row) || !stored.matchesAt(record, row + HASH)) {
          break;
        }
        checkSecretRow(row);
        long acceptedAt = record.getLong(row + SECRET_ACCEPTED_AT);
        if (acceptedAt < notAcceptedBeforeMillis) {
          expired = true;
        } else if (newestRow < 0 || acceptedAt > newest) {
          newestRow = row;
          newest = acceptedAt;
        }
      }
      if (newestRow >= 0) {
        matched(i, newest);
        if (!coordinates.isComplete()) {
          return SECRET_HASH;
        }
        long fingerprint = fingerprint(coordinates);
        boolean known =
            record.getLong(newestRow + SECRET_FINGERPRINT) == fingerprint
                || secretRowAt(rows, index, secrets, fingerprint, coordinates) >= 0;
        return known ? SECRET_HASH : SECRET_HASH_NEW_COORDINATES;
      }
      if (coordinates.isComplete()) {
        int row = secretRowAt(rows, index, secrets, fingerprint(coordinates), coordinates);
        if (row >= 0) {
          long acceptedAt = record.getLong(row + SECRET_ACCEPTED_AT);
          if (acceptedAt < notAcceptedBeforeMillis) {
            expired = true;
          } else {
            matched(i, acceptedAt);
            return SECRET_COORDINATES;
          }
        }
      }
    }
    if (podAccount != null && podAccount.isComplete()) {
      int accounts = record.getInt(entryRow + ACCOUNT_COUNT);
      int row = accountRowAt(index + secrets * INDEX_ROW_LENGTH, accounts, podAccount);
      if (row >= 0) {
        long acceptedAt = record.getLong(row + ACCOUNT_ACCEPTED_AT);
        if (acceptedAt >= notAcceptedBeforeMillis) {
          matched(-1, acceptedAt);
          return SERVICE_ACCOUNT;
        }
        expired = true;
      }
    }
    return expired ? EXPIRED : NO_MATCH;
  }

  /** {@return which of the pod's secrets matched ({@code -1} for the service account)} */
  public int matchedSecret() {
    return matchedSecret;
  }

  /**
   * {@return when a registry last accepted the stored credential that matched, in epoch
   * milliseconds: for a match by hash, the latest time among the fresh rows holding that hash}
   */
  public long matchedAcceptedAtMillis() {
    return matchedAcceptedAt;
  }

  private void matched(int secret, long acceptedAt) {
    matchedSecret = secret;
    matchedAcceptedAt = acceptedAt;
  }

  /** The first secret row whose hash is at or above {@code hash}; blank hashes sort last. */
  private int firstRowAtOrAbove(int rows, int count, CredentialHash hash) {
    int low = 0;
    int high = count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      int row = rows + mid * SECRET_ROW_LENGTH;
      if (!blank(row) && hash.compareTo(record, row + HASH) > 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The secret row at {@code coordinates} (checked), or -1: coordinates are unique per entry. */
  private int secretRowAt(
      int rows, int index, int count, long fingerprint, SecretCoordinates coordinates) {
    int low = 0;
    int high = count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      long stored = record.getLong(index + mid * INDEX_ROW_LENGTH + INDEX_FINGERPRINT);
      if (Long.compareUnsigned(stored, fingerprint) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    for (int k = low; k < count; k++) {
      int entry = index + k * INDEX_ROW_LENGTH;
      if (record.getLong(entry + INDEX_FINGERPRINT) != fingerprint) {
        return -1;
      }
      int r = record.getInt(entry + INDEX_ROW);
      if (r < 0 || r >= count) {
        throw RecordDecoder.damaged("a coordinate index row is out of bounds");
      }
      int row = rows + r * SECRET_ROW_LENGTH;
      checkSecretRow(row);
      int block = base + (record.getInt(row + SECRET_BLOCK) & COORDINATE_OFFSET_MASK);
      if (coordinatesEqual(block, coordinates.uid(), coordinates.namespace(), coordinates.name())) {
        return row;
      }
    }
    return -1;
  }

  /** The service account row of {@code account} (checked), or -1. */
  private int accountRowAt(int accounts, int count, ServiceAccountCoordinates account) {
    long fingerprint = CoordinateFingerprint.of(account.uid(), account.namespace(), account.name());
    int low = 0;
    int high = count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      long stored = record.getLong(accounts + mid * ACCOUNT_ROW_LENGTH + ACCOUNT_FINGERPRINT);
      if (Long.compareUnsigned(stored, fingerprint) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    for (int k = low; k < count; k++) {
      int row = accounts + k * ACCOUNT_ROW_LENGTH;
      if (record.getLong(row + ACCOUNT_FINGERPRINT) != fingerprint) {
        return -1;
      }
      int block = base + record.getInt(row + ACCOUNT_BLOCK);
      if (checkRows) {
        checkRow(row, ACCOUNT_CHECK, block);
      }
      if (coordinatesEqual(block, account.uid(), account.namespace(), account.name())) {
        return row;
      }
    }
    return -1;
  }

  private boolean coordinatesEqual(int block, String uid, String namespace, String name) {
    int at = equalAt(block, uid);
    at = at < 0 ? at : equalAt(at, namespace);
    return at >= 0 && equalAt(at, name) >= 0;
  }

  /** Where the next field starts when the field at {@code at} equals {@code s}, else -1. */
  private int equalAt(int at, String s) {
    int n = record.get(at) & 0xFF;
    if (n != s.length()) {
      return -1;
    }
    for (int i = 0; i < n; i++) {
      if (record.get(at + 1 + i) != s.charAt(i)) {
        return -1;
      }
    }
    return at + 1 + n;
  }

  private void checkSecretRow(int row) {
    if (checkRows) {
      checkRow(
          row, SECRET_CHECK, base + (record.getInt(row + SECRET_BLOCK) & COORDINATE_OFFSET_MASK));
    }
  }

  private void checkRow(int row, int rowLength, int block) {
    if (block < base || block >= base + length) {
      throw RecordDecoder.damaged("a coordinate block is out of bounds");
    }
    int expected = rowCheck(record, row, rowLength, block, blockLength(record, block));
    if (record.getInt(row + rowLength) != expected) {
      throw RecordDecoder.damaged("a credential row check does not match");
    }
  }

  private boolean blank(int row) {
    return (record.getInt(row + SECRET_BLOCK) >>> 24 & SECRET_BLANK_HASH) != 0;
  }

  private static long fingerprint(SecretCoordinates coordinates) {
    return CoordinateFingerprint.of(coordinates.uid(), coordinates.namespace(), coordinates.name());
  }

  private int u8(int offset) {
    return record.get(base + offset) & 0xFF;
  }
}
