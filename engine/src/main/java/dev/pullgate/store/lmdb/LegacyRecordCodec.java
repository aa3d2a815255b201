package dev.pullgate.store.lmdb;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
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
 * Reads pulled records of value format version 1 (schema version 1, Pullgate 0.1), so that a store
 * of that release can be migrated; nothing writes this format any more.
 *
 * <pre>
 *  offset  length  field
 *  0       1       version = 1
 *  1       1       kind = 1
 *  2       8       lastUpdated epoch seconds (i64)
 *  10      4       lastUpdated nanos (i32)
 *  14      ...     imageRef (string), entry count (varint), entries sorted by name
 *  L-8     8       checksum: XXH3-64 of every byte above
 *
 *  entry:           image name (string) | flags (u8, bit 0 nodePodsAccessible) | secret count
 *                   (varint) | secrets | service account count (varint) | service accounts
 *  secret:          uid, namespace, name (strings) | hash length (u8: 0 or 32) | hash bytes
 *  service account: uid, namespace, name (strings)
 *  string:          varint n, then n bytes of UTF-8; varint: unsigned LEB128, at most 5 bytes
 * </pre>
 *
 * <p>Version 1 kept one time per record, so every credential of a migrated record is dated at the
 * record's {@code lastUpdated}, with its nanoseconds cut to milliseconds.
 */
final class LegacyRecordCodec {
  static final int FORMAT_VERSION = 1;
  private static final int FLAG_NODE_PODS_ACCESSIBLE = 1;

  private LegacyRecordCodec() {}

  /** The record in {@code value} (its position to its limit), in the current view. */
  static PulledRecord decode(ByteBuffer value) {
    ValueReader in = ValueFormat.open(value, ValueFormat.KIND_PULLED_RECORD);
    Instant lastUpdated = instant(in.i64(), in.i32());
    String imageRef = in.string();
    int entries = in.count();
    Map<String, CredentialSet> mapping = new LinkedHashMap<>(Math.max(2, entries * 2));
    for (int i = 0; i < entries; i++) {
      String imageName = in.string();
      mapping.put(imageName, credentialSet(in, lastUpdated));
    }
    in.requireEnd();
    return new PulledRecord(imageRef, lastUpdated, mapping);
  }

  private static CredentialSet credentialSet(ValueReader in, Instant acceptedAt) {
    int flags = in.u8();
    if ((flags & ~FLAG_NODE_PODS_ACCESSIBLE) != 0) {
      throw new CorruptValueException("unknown credential set flags=" + flags);
    }
    int secretCount = in.count();
    List<CredentialSet.Secret> secrets = new ArrayList<>(secretCount);
    for (int i = 0; i < secretCount; i++) {
      SecretCoordinates coordinates = new SecretCoordinates(in.string(), in.string(), in.string());
      secrets.add(new CredentialSet.Secret(coordinates, hash(in), acceptedAt));
    }
    int accountCount = in.count();
    List<CredentialSet.ServiceAccount> accounts = new ArrayList<>(accountCount);
    for (int i = 0; i < accountCount; i++) {
      accounts.add(
          new CredentialSet.ServiceAccount(
              new ServiceAccountCoordinates(in.string(), in.string(), in.string()), acceptedAt));
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
