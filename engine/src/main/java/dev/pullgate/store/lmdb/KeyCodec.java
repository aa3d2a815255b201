package dev.pullgate.store.lmdb;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Turns an imageRef or image string into its LMDB key, reusing its buffers: one instance per
 * thread, never shared.
 *
 * <p>A string whose UTF-8 form is 1 to {@value #MAX_KEY_LENGTH} bytes long is its own key. Any
 * other string (empty or too long) is keyed by {@link #DIGEST_PREFIX} followed by the SHA-256 of
 * its UTF-8 bytes: {@value #DIGEST_KEY_LENGTH} bytes. The prefix byte {@code 0xFF} never occurs in
 * UTF-8, so a digest key can never equal a plain key. Values store the full string, and reads
 * compare it, so two strings whose digests collided would still never share a record.
 */
final class KeyCodec {
  /** LMDB's largest key (its default build's {@code mdb_env_get_maxkeysize}). */
  static final int MAX_KEY_LENGTH = 511;

  /** The first byte of a digest key; not a valid byte anywhere in UTF-8. */
  static final byte DIGEST_PREFIX = (byte) 0xFF;

  /** The length of a digest key: the prefix and a SHA-256. */
  static final int DIGEST_KEY_LENGTH = 1 + 32;

  private final ByteBuffer key = ByteBuffer.allocateDirect(MAX_KEY_LENGTH);
  private final byte[] digest = new byte[32];
  private final MessageDigest sha256;
  private ByteBuffer text = ByteBuffer.allocateDirect(256);
  private boolean digestKey;

  KeyCodec() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /**
   * Encodes {@code s}; afterwards {@link #key()} and {@link #text()} describe it until the next
   * call.
   *
   * @param field what {@code s} is, for the message when it is not well-formed UTF-16
   * @throws IllegalArgumentException when {@code s} has an unpaired surrogate
   */
  KeyCodec encode(String s, String field) {
    int length = Utf8.encodedLength(s, field);
    if (text.capacity() < length) {
      text = ByteBuffer.allocateDirect(Math.max(length, 2 * text.capacity()));
    }
    text.clear();
    Utf8.encode(s, text);
    text.flip();
    key.clear();
    digestKey = length == 0 || length > MAX_KEY_LENGTH;
    if (digestKey) {
      sha256.update(text);
      text.rewind();
      try {
        sha256.digest(digest, 0, digest.length);
      } catch (DigestException e) {
        throw new IllegalStateException("a SHA-256 fits 32 bytes", e);
      }
      key.put(DIGEST_PREFIX).put(digest);
    } else {
      key.put(text);
      text.rewind();
    }
    key.flip();
    return this;
  }

  /** The LMDB key of the last string encoded, from position 0 to its limit. */
  ByteBuffer key() {
    return key;
  }

  /** The full UTF-8 bytes of the last string encoded, from position 0 to its limit. */
  ByteBuffer text() {
    return text;
  }

  /** Whether the last string encoded is keyed by its digest. */
  boolean isDigestKey() {
    return digestKey;
  }
}
