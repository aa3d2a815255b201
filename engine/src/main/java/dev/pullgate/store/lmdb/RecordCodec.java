package dev.pullgate.store.lmdb;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a {@link PulledRecord}, format version 1: compact, big-endian, checksummed.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |  version = 1  |   kind = 1    |  lastUpdated epoch seconds    |  0  VERSION_OFFSET, KIND_OFFSET,
 *  +---------------+---------------+     (i64)                     |     LAST_UPDATED_SECONDS_OFFSET
 *  |                                                               |
 *  +                               +-------------------------------+
 *  |                               |  lastUpdated nanos (i32)      |  10 LAST_UPDATED_NANOS_OFFSET
 *  +-------------------------------+-------------------------------+
 *  |  imageRef: varint n, n bytes UTF-8                        ... |  14 IMAGE_REF_OFFSET
 *  +---------------------------------------------------------------+
 *  |  entry count: varint, then each entry (sorted by name)    ... |
 *  +---------------------------------------------------------------+
 *  |  checksum: XXH3-64 of every byte above (i64)                  |  L-8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *
 *  entry:           image name (string) | flags (u8) | secret count (varint) | secrets
 *                   | service account count (varint) | service accounts
 *  flags:           bit 0 = nodePodsAccessible (then both counts are 0); bits 1-7 are 0
 *  secret:          uid, namespace, name (strings) | hash length (u8: 0 or 32) | hash bytes
 *  service account: uid, namespace, name (strings)
 *  string:          varint n, then n bytes of UTF-8
 *  varint:          unsigned LEB128, at most 5 bytes
 * </pre>
 *
 * <p>A hash length of 0 is {@link CredentialHash#EMPTY}. Decoding checks the frame ({@link
 * ValueFormat}) and every length, and throws {@link CorruptValueException} on any mismatch.
 */
final class RecordCodec {
  static final int LAST_UPDATED_SECONDS_OFFSET = ValueFormat.HEADER_LENGTH;
  static final int LAST_UPDATED_NANOS_OFFSET = LAST_UPDATED_SECONDS_OFFSET + 8;
  static final int IMAGE_REF_OFFSET = LAST_UPDATED_NANOS_OFFSET + 4;

  static final int FLAG_NODE_PODS_ACCESSIBLE = 1;

  private RecordCodec() {}

  /**
   * The exact number of bytes {@link #encode} writes for {@code record}.
   *
   * @throws IllegalArgumentException when a string of the record is not well-formed UTF-16
   */
  static int encodedLength(PulledRecord record) {
    int length = IMAGE_REF_OFFSET + ValueWriter.stringLength(record.imageRef(), "imageRef");
    length += ValueWriter.varintLength(record.credentialMapping().size());
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      CredentialSet set = entry.getValue();
      length += ValueWriter.stringLength(entry.getKey(), "image name") + 1;
      length += ValueWriter.varintLength(set.secrets().size());
      for (SecretCredential secret : set.secrets()) {
        length += ValueWriter.stringLength(secret.coordinates().uid(), "secret uid");
        length += ValueWriter.stringLength(secret.coordinates().namespace(), "secret namespace");
        length += ValueWriter.stringLength(secret.coordinates().name(), "secret name");
        length += 1 + (secret.hash().isEmpty() ? 0 : CredentialHash.LENGTH);
      }
      length += ValueWriter.varintLength(set.serviceAccounts().size());
      for (ServiceAccountCoordinates account : set.serviceAccounts()) {
        length += ValueWriter.stringLength(account.uid(), "service account uid");
        length += ValueWriter.stringLength(account.namespace(), "service account namespace");
        length += ValueWriter.stringLength(account.name(), "service account name");
      }
    }
    return length + ValueFormat.CHECKSUM_LENGTH;
  }

  /**
   * Writes {@code record} at {@code out}'s position, which must have {@link
   * #encodedLength(PulledRecord)} bytes left, and moves past it.
   */
  static void encode(PulledRecord record, ByteBuffer out) {
    int start = out.position();
    ValueFormat.writeHeader(out, ValueFormat.KIND_PULLED_RECORD);
    out.putLong(record.lastUpdated().getEpochSecond());
    out.putInt(record.lastUpdated().getNano());
    ValueWriter.string(out, record.imageRef());
    ValueWriter.varint(out, record.credentialMapping().size());
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      CredentialSet set = entry.getValue();
      ValueWriter.string(out, entry.getKey());
      out.put((byte) (set.isNodePodsAccessible() ? FLAG_NODE_PODS_ACCESSIBLE : 0));
      ValueWriter.varint(out, set.secrets().size());
      for (SecretCredential secret : set.secrets()) {
        ValueWriter.string(out, secret.coordinates().uid());
        ValueWriter.string(out, secret.coordinates().namespace());
        ValueWriter.string(out, secret.coordinates().name());
        byte[] hash = secret.hash().bytes();
        out.put((byte) hash.length).put(hash);
      }
      ValueWriter.varint(out, set.serviceAccounts().size());
      for (ServiceAccountCoordinates account : set.serviceAccounts()) {
        ValueWriter.string(out, account.uid());
        ValueWriter.string(out, account.namespace());
        ValueWriter.string(out, account.name());
      }
    }
    ValueFormat.writeChecksum(out, start);
  }

  /** The record in {@code value} (its position to its limit). */
  static PulledRecord decode(ByteBuffer value) {
    ValueReader in = ValueFormat.open(value, ValueFormat.KIND_PULLED_RECORD);
    Instant lastUpdated = instant(in.i64(), in.i32());
    return decodeRest(in, in.string(), lastUpdated);
  }

  /**
   * The record in {@code value} if its stored imageRef's bytes equal {@code imageRefUtf8}, else
   * null; the returned record uses {@code imageRef} itself as its key.
   */
  static PulledRecord decodeIfKeyed(ByteBuffer value, String imageRef, ByteBuffer imageRefUtf8) {
    ValueReader in = ValueFormat.open(value, ValueFormat.KIND_PULLED_RECORD);
    Instant lastUpdated = instant(in.i64(), in.i32());
    return in.stringEquals(imageRefUtf8) ? decodeRest(in, imageRef, lastUpdated) : null;
  }

  /** Whether the valid record {@code value} is stored for exactly the imageRef {@code utf8}. */
  static boolean isKeyed(ByteBuffer value, ByteBuffer utf8) {
    ValueReader in = ValueFormat.open(value, ValueFormat.KIND_PULLED_RECORD);
    in.i64();
    in.i32();
    return in.stringEquals(utf8);
  }

  private static PulledRecord decodeRest(ValueReader in, String imageRef, Instant lastUpdated) {
    int entries = in.count();
    Map<String, CredentialSet> mapping = new LinkedHashMap<>(Math.max(2, entries * 2));
    for (int i = 0; i < entries; i++) {
      String imageName = in.string();
      mapping.put(imageName, credentialSet(in));
    }
    in.requireEnd();
    return new PulledRecord(imageRef, lastUpdated, mapping);
  }

  private static CredentialSet credentialSet(ValueReader in) {
    int flags = in.u8();
    if ((flags & ~FLAG_NODE_PODS_ACCESSIBLE) != 0) {
      throw new CorruptValueException("unknown credential set flags=" + flags);
    }
    int secretCount = in.count();
    List<SecretCredential> secrets = new ArrayList<>(secretCount);
    for (int i = 0; i < secretCount; i++) {
      secrets.add(SecretCredential.of(in.string(), in.string(), in.string(), hash(in)));
    }
    int accountCount = in.count();
    List<ServiceAccountCoordinates> accounts = new ArrayList<>(accountCount);
    for (int i = 0; i < accountCount; i++) {
      accounts.add(new ServiceAccountCoordinates(in.string(), in.string(), in.string()));
    }
    if (flags == FLAG_NODE_PODS_ACCESSIBLE) {
      if (secretCount != 0 || accountCount != 0) {
        throw new CorruptValueException("node-accessible credential set lists credentials");
      }
      return CredentialSet.nodePodsAccessible();
    }
    return CredentialSet.of(secrets, accounts);
  }

  private static CredentialHash hash(ValueReader in) {
    int length = in.u8();
    if (length == 0) {
      return CredentialHash.EMPTY;
    }
    if (length != CredentialHash.LENGTH) {
      throw new CorruptValueException("credential hash length=" + length);
    }
    byte[] bytes = new byte[CredentialHash.LENGTH];
    in.bytes(bytes);
    return CredentialHash.of(bytes);
  }

  private static Instant instant(long seconds, int nanos) {
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException | ArithmeticException e) {
      throw new CorruptValueException("lastUpdated out of range");
    }
  }
}
