package dev.pullgate.record;

import dev.pullgate.error.StoreDamagedException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stored form of pulled records: one flat layout from disk to decision (drawn in {@code
 * docs/record-format.md}). Stores keep these bytes, the cache holds them, and decisions read them
 * in place with a {@link RecordProbe}; {@link PulledRecord} is the readable view built from them on
 * demand.
 *
 * <p>The encoding is canonical, so {@link #verify} can tell a value that decodes but was not
 * written by this code (unsorted or duplicated entries, stray bytes) from an intact one.
 */
public final class RecordFormat {
  /** The format version this code writes and reads. */
  public static final int VERSION = RecordLayout.VERSION;

  /** The largest stored record, in bytes. */
  public static final int MAX_LENGTH = RecordLayout.MAX_LENGTH;

  private RecordFormat() {}

  /**
   * The stored form of {@code record}.
   *
   * @param record the record
   * @return its stored form
   * @throws IllegalArgumentException when the record cannot be stored (a string that is not
   *     printable ASCII or too long, a time out of range, a record over {@link #MAX_LENGTH} bytes);
   *     the message names the field, never its value
   */
  public static byte[] encode(PulledRecord record) {
    return RecordEncoder.encode(record);
  }

  /**
   * The record stored in {@code value} (its position to its limit), every check passed.
   *
   * @param value the stored bytes, read from its position to its limit
   * @return the record
   * @throws StoreDamagedException when the value is damaged or of another format version
   */
  public static PulledRecord decode(ByteBuffer value) {
    return RecordDecoder.decode(value);
  }

  /**
   * As {@link #decode(ByteBuffer)}, for bytes in an array.
   *
   * @param value the stored bytes
   * @return the record
   */
  public static PulledRecord decode(byte[] value) {
    return RecordDecoder.decode(ByteBuffer.wrap(value));
  }

  /**
   * Checks the frame of {@code value} (its position to its limit): format version, kind and the
   * checksum over every byte. What the cache does before it holds a copy.
   *
   * @param value the stored bytes, read from its position to its limit
   * @throws StoreDamagedException when a check fails
   */
  public static void checkFrame(ByteBuffer value) {
    RecordDecoder.checkFrame(value);
  }

  /**
   * Checks {@code value} completely: it decodes, and it is exactly the bytes this code writes for
   * what it holds (sorted, unique, no stray bytes).
   *
   * @param value the stored bytes, read from its position to its limit
   * @return the record it holds
   * @throws StoreDamagedException saying what is wrong
   */
  public static PulledRecord verify(ByteBuffer value) {
    PulledRecord record = RecordDecoder.decode(value);
    ByteBuffer canonical = ByteBuffer.wrap(RecordEncoder.encode(record));
    if (!canonical.equals(value.duplicate())) {
      throw new StoreDamagedException(
          "stored record is not in canonical form (unsorted, duplicated or stray bytes)");
    }
    return record;
  }

  /**
   * The version byte of {@code value}, so that a store can tell a value of an earlier format (which
   * it migrates) from damage.
   *
   * @param value the stored bytes, read from its position to its limit
   * @return the format version, or -1 when the value is empty
   */
  public static int versionOf(ByteBuffer value) {
    return value.remaining() == 0 ? -1 : value.get(value.position()) & 0xFF;
  }

  /**
   * What the forgetting index of a store keeps for {@code record}: the uids of its secrets and of
   * its service accounts, and the namespaces of both, each set sorted.
   *
   * @param record the record
   * @return its index terms
   */
  public static IndexTerms indexTerms(PulledRecord record) {
    Set<String> secretUids = new TreeSet<>();
    Set<String> accountUids = new TreeSet<>();
    Set<String> namespaces = new TreeSet<>();
    for (CredentialSet set : record.credentialMapping().values()) {
      for (CredentialSet.Secret secret : set.secrets()) {
        addIfPresent(secretUids, secret.coordinates().uid());
        addIfPresent(namespaces, secret.coordinates().namespace());
      }
      for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
        addIfPresent(accountUids, account.coordinates().uid());
        addIfPresent(namespaces, account.coordinates().namespace());
      }
    }
    return new IndexTerms(Set.copyOf(secretUids), Set.copyOf(accountUids), Set.copyOf(namespaces));
  }

  private static void addIfPresent(Set<String> set, String value) {
    if (!value.isEmpty()) {
      set.add(value);
    }
  }

  /**
   * The terms under which a store's forgetting index finds a record.
   *
   * @param secretUids the uids of its secrets
   * @param serviceAccountUids the uids of its service accounts
   * @param namespaces the namespaces of its secrets and service accounts
   */
  public record IndexTerms(
      Set<String> secretUids, Set<String> serviceAccountUids, Set<String> namespaces) {}

  /**
   * Whether the imageRef stored in {@code value} (its position to its limit) is exactly {@code
   * imageRef}; allocation-free. A store checks it on every read, before anything else, so that a
   * value found under a damaged key never answers for another image: it takes any bytes, and
   * answers false, never throws, when they are too short or point outside themselves.
   *
   * @param value the stored bytes, read from its position to its limit
   * @param imageRef the imageRef asked for
   * @return whether the record is the one for {@code imageRef}
   */
  public static boolean imageRefEquals(ByteBuffer value, String imageRef) {
    int base = value.position();
    int length = value.remaining();
    if (length < RecordLayout.IMAGE_REF_OFFSET + 4) {
      return false;
    }
    int offset = value.getInt(base + RecordLayout.IMAGE_REF_OFFSET);
    if (offset < 0 || offset > length - 2) {
      return false;
    }
    int at = base + offset;
    int n = value.getShort(at) & 0xFFFF;
    if (n != imageRef.length() || n > length - offset - 2) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (value.get(at + 2 + i) != imageRef.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The imageRef stored in {@code value} (its position to its limit), read without decoding the
   * rest; for a verifier that checks keys against values.
   *
   * @param value the stored bytes, read from its position to its limit
   * @return the imageRef
   * @throws StoreDamagedException when the value is damaged
   */
  public static String imageRefOf(ByteBuffer value) {
    return RecordDecoder.decode(value).imageRef();
  }
}
