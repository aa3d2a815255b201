package dev.pullgate.store.lmdb;

import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.TreeSet;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * The forgetting index of a store: for every secret uid, service account uid and namespace that a
 * record holds, one entry naming the record's imageRef, kept in the same write transaction as the
 * record itself, so that forgetting a secret touches only the records that hold it.
 *
 * <pre>
 *  key:   term kind (u8: 1 secret uid, 2 service account uid, 3 namespace) | the term, ASCII |
 *         0x00 | SHA-256 of the imageRef (32 bytes)
 *  value: the imageRef, ASCII
 * </pre>
 *
 * <p>A key is at most 1 + 255 + 1 + 32 bytes, under LMDB's 511. Terms are printable ASCII, so the
 * 0x00 separator ends a term unambiguously, and every key of one term shares the prefix up to it.
 * An entry whose record no longer holds its term is harmless (forgetting finds nothing to remove
 * there); a missing entry would let a forgotten credential live on, so writes add every term of a
 * record before anything else and the verifier checks both directions.
 */
final class CredentialIndex {
  static final int DIGEST_LENGTH = 32;

  private final MessageDigest sha256 = newSha256();
  private ByteBuffer key = ByteBuffer.allocateDirect(512);
  private ByteBuffer value = ByteBuffer.allocateDirect(4096 + 16);

  /** Brings the entries of {@code imageRef} from the terms {@code before} to {@code after}. */
  void update(
      Txn<ByteBuffer> txn,
      Dbi<ByteBuffer> index,
      String imageRef,
      RecordFormat.IndexTerms before,
      RecordFormat.IndexTerms after) {
    byte[] digest = digest(imageRef);
    for (IndexTerm term : IndexTerm.values()) {
      Set<String> old = before == null ? Set.of() : term.of(before);
      Set<String> now = after == null ? Set.of() : term.of(after);
      for (String value : now) {
        if (!old.contains(value)) {
          index.put(txn, key(term, value, digest), value(imageRef));
        }
      }
      for (String value : old) {
        if (!now.contains(value)) {
          index.delete(txn, key(term, value, digest));
        }
      }
    }
  }

  /** Adds every entry of {@code imageRef} for {@code terms}, whatever is there already. */
  void add(
      Txn<ByteBuffer> txn, Dbi<ByteBuffer> index, String imageRef, RecordFormat.IndexTerms terms) {
    byte[] digest = digest(imageRef);
    for (IndexTerm term : IndexTerm.values()) {
      for (String value : term.of(terms)) {
        index.put(txn, key(term, value, digest), value(imageRef));
      }
    }
  }

  /** The imageRefs indexed under {@code term} = {@code value}. */
  Set<String> imageRefs(Txn<ByteBuffer> txn, Dbi<ByteBuffer> index, IndexTerm term, String value) {
    Set<String> found = new TreeSet<>();
    ByteBuffer prefix = prefix(term, value);
    try (CursorIterable<ByteBuffer> entries = index.iterate(txn, KeyRange.atLeast(prefix))) {
      for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
        if (!startsWith(entry.key(), prefix)) {
          break;
        }
        found.add(StandardCharsets.US_ASCII.decode(entry.val().duplicate()).toString());
      }
    }
    return found;
  }

  /** Whether the entry for {@code term} = {@code value} of {@code imageRef} exists. */
  boolean contains(
      Txn<ByteBuffer> txn, Dbi<ByteBuffer> index, IndexTerm term, String value, String imageRef) {
    return index.get(txn, key(term, value, digest(imageRef))) != null;
  }

  /** The key of one entry, in this index's reused buffer. */
  ByteBuffer key(IndexTerm term, String value, byte[] digest) {
    ByteBuffer k = prefix(term, value);
    k.limit(k.limit() + DIGEST_LENGTH);
    k.put(k.limit() - DIGEST_LENGTH, digest);
    return k;
  }

  /** The SHA-256 of {@code imageRef}'s ASCII bytes. */
  byte[] digest(String imageRef) {
    return sha256.digest(imageRef.getBytes(StandardCharsets.US_ASCII));
  }

  /** The term kind byte of {@code term}. */
  static byte kindOf(IndexTerm term) {
    return (byte) (term.ordinal() + 1);
  }

  private ByteBuffer prefix(IndexTerm term, String value) {
    if (key.capacity() < value.length() + 2 + DIGEST_LENGTH) {
      key = ByteBuffer.allocateDirect(value.length() + 2 + DIGEST_LENGTH);
    }
    key.clear();
    key.put(kindOf(term));
    for (int i = 0; i < value.length(); i++) {
      key.put((byte) value.charAt(i));
    }
    key.put((byte) 0);
    key.flip();
    return key;
  }

  private ByteBuffer value(String imageRef) {
    if (value.capacity() < imageRef.length()) {
      value = ByteBuffer.allocateDirect(imageRef.length());
    }
    value.clear();
    for (int i = 0; i < imageRef.length(); i++) {
      value.put((byte) imageRef.charAt(i));
    }
    value.flip();
    return value;
  }

  private static boolean startsWith(ByteBuffer key, ByteBuffer prefix) {
    int n = prefix.remaining();
    if (key.remaining() < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (key.get(key.position() + i) != prefix.get(prefix.position() + i)) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
