package dev.pullgate.credential;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of one registry credential, computed as the kubelet computes it (see {@link
 * #of(RegistryAuth)}); 32 bytes, written as 64 lowercase hex digits.
 *
 * <p>The {@link #EMPTY} hash stands for a hash that an imported record left blank: it is kept so
 * the record round-trips, but it never matches anything. Equality compares in constant time.
 */
public final class CredentialHash {
  /** The length of a credential hash in bytes. */
  public static final int LENGTH = 32;

  /** A blank hash, which never matches; see {@link #isEmpty()}. */
  public static final CredentialHash EMPTY = new CredentialHash(new byte[0]);

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hashCode;
  private final long word0;
  private final long word1;
  private final long word2;
  private final long word3;

  private CredentialHash(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
    ByteBuffer words = ByteBuffer.wrap(bytes.length == LENGTH ? bytes : new byte[LENGTH]);
    this.word0 = words.getLong(0);
    this.word1 = words.getLong(8);
    this.word2 = words.getLong(16);
    this.word3 = words.getLong(24);
  }

  /**
   * The hash with these 32 bytes (copied).
   *
   * @param bytes the 32 bytes of a SHA-256
   * @return the hash
   */
  public static CredentialHash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "credential hash must be " + LENGTH + " bytes, was " + bytes.length);
    }
    return new CredentialHash(bytes.clone());
  }

  /**
   * The kubelet's hash of one registry entry: the SHA-256 of its username, password and email
   * serialised as Go's {@code encoding/json} does (ENGINE-SPEC §2). The entry is not kept.
   *
   * @param auth the registry entry
   * @return its hash
   */
  public static CredentialHash of(RegistryAuth auth) {
    return CredentialHasher.hash(Objects.requireNonNull(auth, "auth"));
  }

  /**
   * The hash written as 64 lowercase hex digits, or {@link #EMPTY} for an empty string.
   *
   * @param hex 64 lowercase hex digits, or empty
   * @return the hash
   * @throws IllegalArgumentException when {@code hex} is neither; the message does not echo it
   */
  public static CredentialHash fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.isEmpty()) {
      return EMPTY;
    }
    if (hex.length() != 2 * LENGTH || !isLowerHex(hex)) {
      throw new IllegalArgumentException(
          "credential hash must be " + 2 * LENGTH + " lowercase hex digits");
    }
    return new CredentialHash(HEX.parseHex(hex));
  }

  /** {@return whether this is the blank hash, which never matches} */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** {@return a copy of the hash's bytes (empty for {@link #EMPTY})} */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@return the hash as lowercase hex digits (empty for {@link #EMPTY})} */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /**
   * Whether this hash and {@code other} are both non-empty and equal, compared in constant time.
   *
   * @param other the other hash, or null
   * @return whether they match
   */
  public boolean matches(CredentialHash other) {
    return !isEmpty() && other != null && MessageDigest.isEqual(bytes, other.bytes);
  }

  /**
   * Compares this non-empty hash with the 32 bytes at absolute {@code offset} of {@code stored}, as
   * unsigned bytes, without moving the buffer or allocating: the order of a stored record's secret
   * rows, which decisions search.
   *
   * @param stored a stored record
   * @param offset where the other hash's 32 bytes begin
   * @return a negative number, zero or a positive number as this hash sorts before, with or after
   *     them
   */
  public int compareTo(ByteBuffer stored, int offset) {
    int c = Long.compareUnsigned(word0, stored.getLong(offset));
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(word1, stored.getLong(offset + 8));
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(word2, stored.getLong(offset + 16));
    return c != 0 ? c : Long.compareUnsigned(word3, stored.getLong(offset + 24));
  }

  /**
   * Whether this non-empty hash equals the 32 bytes at absolute {@code offset} of {@code stored},
   * in time that does not depend on where they differ.
   *
   * @param stored a stored record
   * @param offset where the other hash's 32 bytes begin
   * @return whether they are equal
   */
  public boolean matchesAt(ByteBuffer stored, int offset) {
    long difference =
        (word0 ^ stored.getLong(offset))
            | (word1 ^ stored.getLong(offset + 8))
            | (word2 ^ stored.getLong(offset + 16))
            | (word3 ^ stored.getLong(offset + 24));
    return !isEmpty() && difference == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialHash other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  /** A short prefix only: enough to tell hashes apart in a log, not to search for them. */
  @Override
  public String toString() {
    return isEmpty() ? "CredentialHash[empty]" : "CredentialHash[" + hex().substring(0, 8) + "…]";
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
