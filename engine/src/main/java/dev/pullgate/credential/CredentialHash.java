package dev.pullgate.credential;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of one registry credential, computed as the kubelet computes it (see {@link
 * CredentialHasher}); 32 bytes, written as 64 lowercase hex digits.
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

  private CredentialHash(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  /** The hash with these 32 bytes (copied). */
  public static CredentialHash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "credential hash must be " + LENGTH + " bytes, was " + bytes.length);
    }
    return new CredentialHash(bytes.clone());
  }

  /**
   * The hash written as 64 lowercase hex digits, or {@link #EMPTY} for an empty string.
   *
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

  /** Whether this is the blank hash, which never matches. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** A copy of the hash's bytes (empty for {@link #EMPTY}). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The hash as lowercase hex digits (empty for {@link #EMPTY}). */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /**
   * Whether this hash and {@code other} are both non-empty and equal, compared in constant time.
   */
  public boolean matches(CredentialHash other) {
    return !isEmpty() && other != null && MessageDigest.isEqual(bytes, other.bytes);
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
