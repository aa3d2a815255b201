package dev.pullgate.record;

import static dev.pullgate.record.RecordLayout.*;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Writes a {@link PulledRecord} in its stored form ({@link RecordLayout}). */
final class RecordEncoder {
  private static final Comparator<SecretRow> SECRET_ORDER =
      Comparator.comparing((SecretRow row) -> row.blank)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.hash, b.hash))
          .thenComparing((a, b) -> Long.compareUnsigned(a.fingerprint, b.fingerprint))
          .thenComparing(row -> row.secret.coordinates());
  private static final Comparator<AccountRow> ACCOUNT_ORDER =
      Comparator.comparing(
              (AccountRow row) -> row.fingerprint, (a, b) -> Long.compareUnsigned(a, b))
          .thenComparing(row -> row.account.coordinates());

  private RecordEncoder() {}

  /**
   * The stored form of {@code record}.
   *
   * @throws IllegalArgumentException when the record cannot be stored: a string that is not
   *     printable ASCII or too long, a time out of range, too many names, or a record over 16 MiB;
   *     the message names the field, never its value
   */
  static byte[] encode(PulledRecord record) {
    Plan plan = new Plan(record);
    ByteBuffer out = ByteBuffer.allocate(plan.length);
    plan.write(out);
    return out.array();
  }

  /** Where each part of one record goes, computed before anything is written. */
  private static final class Plan {
    final PulledRecord record;
    final List<String> names;
    final List<CredentialSet> entries = new ArrayList<>();
    final List<List<SecretRow>> secretRows = new ArrayList<>();
    final List<List<AccountRow>> accountRows = new ArrayList<>();
    final int[] nameOffsets;
    final int[] entryOffsets;
    final Map<String, Integer> blockOffsets = new HashMap<>();
    final List<String[]> blocks = new ArrayList<>();
    final int headerEnd;
    final int imageRefOffset;
    final int length;

    Plan(PulledRecord record) {
      this.record = record;
      requireString(record.imageRef(), "imageRef", 1, ImageRef.MAX_LENGTH);
      TreeSet<String> allNames = new TreeSet<>(record.credentialMapping().keySet());
      allNames.addAll(record.preloadedNames());
      if (allNames.size() > MAX_NAMES) {
        throw new IllegalArgumentException("record has more than " + MAX_NAMES + " image names");
      }
      names = List.copyOf(allNames);
      nameOffsets = new int[names.size()];
      entryOffsets = new int[names.size()];
      long position = NAME_TABLE_OFFSET + (long) NAME_ROW_LENGTH * names.size();
      for (int i = 0; i < names.size(); i++) {
        requireString(names.get(i), "image name", 1, MAX_NAME_LENGTH);
        nameOffsets[i] = (int) position;
        position += names.get(i).length();
      }
      headerEnd = (int) position;
      position += CHECK_LENGTH;
      for (int i = 0; i < names.size(); i++) {
        CredentialSet set = record.credentialMapping().get(names.get(i));
        entries.add(set);
        List<SecretRow> secrets = set == null ? List.of() : secretRows(set);
        List<AccountRow> accounts = set == null ? List.of() : accountRows(set);
        secretRows.add(secrets);
        accountRows.add(accounts);
        if (!secrets.isEmpty() || !accounts.isEmpty()) {
          entryOffsets[i] = (int) position;
          position +=
              (long) secrets.size() * (SECRET_ROW_LENGTH + INDEX_ROW_LENGTH)
                  + (long) accounts.size() * ACCOUNT_ROW_LENGTH;
        }
        requireFits(position);
      }
      for (int i = 0; i < names.size(); i++) {
        for (SecretRow row : secretRows.get(i)) {
          position = placeBlock(row.fields, position);
          row.block = blockOffsets.get(key(row.fields));
        }
        for (AccountRow row : accountRows.get(i)) {
          position = placeBlock(row.fields, position);
          row.block = blockOffsets.get(key(row.fields));
        }
      }
      imageRefOffset = (int) position;
      position += 2 + record.imageRef().length() + CHECKSUM_LENGTH;
      requireFits(position);
      length = (int) position;
    }

    private long placeBlock(String[] fields, long position) {
      String key = key(fields);
      if (blockOffsets.containsKey(key)) {
        return position;
      }
      requireFits(position);
      blockOffsets.put(key, (int) position);
      blocks.add(fields);
      return position + 3 + fields[0].length() + fields[1].length() + fields[2].length();
    }

    void write(ByteBuffer out) {
      out.put(VERSION_OFFSET, (byte) VERSION);
      out.put(KIND_OFFSET, KIND_PULLED_RECORD);
      out.put(FLAGS_OFFSET, (byte) (record.pulledByNode() ? FLAG_PULLED_BY_NODE : 0));
      out.putShort(NAME_COUNT_OFFSET, (short) names.size());
      out.putLong(LAST_UPDATED_OFFSET, millis(record.lastUpdated(), "lastUpdated"));
      out.putInt(IMAGE_REF_OFFSET, imageRefOffset);
      out.putInt(HEADER_LENGTH_OFFSET, headerEnd);
      for (int i = 0; i < names.size(); i++) {
        writeNameRow(out, i);
        putAscii(out, nameOffsets[i], names.get(i));
      }
      out.putInt(headerEnd, headerCheck(out, 0, headerEnd));
      for (String[] fields : blocks) {
        int at = blockOffsets.get(key(fields));
        for (String field : fields) {
          out.put(at, (byte) field.length());
          putAscii(out, at + 1, field);
          at += 1 + field.length();
        }
      }
      for (int i = 0; i < names.size(); i++) {
        if (entryOffsets[i] != 0) {
          writeEntry(out, entryOffsets[i], secretRows.get(i), accountRows.get(i));
        }
      }
      out.putShort(imageRefOffset, (short) record.imageRef().length());
      putAscii(out, imageRefOffset + 2, record.imageRef());
      int checksumAt = length - CHECKSUM_LENGTH;
      out.putLong(checksumAt, xxh3(out, 0, checksumAt));
    }

    private void writeNameRow(ByteBuffer out, int i) {
      int row = NAME_TABLE_OFFSET + i * NAME_ROW_LENGTH;
      CredentialSet set = entries.get(i);
      int flags =
          set == null
              ? ENTRY_PRELOADED
              : set.isNodePodsAccessible() ? ENTRY_NODE_PODS_ACCESSIBLE : 0;
      out.putInt(row + NAME_OFFSET, nameOffsets[i]);
      out.putShort(row + NAME_LENGTH, (short) names.get(i).length());
      out.put(row + ENTRY_FLAGS, (byte) flags);
      out.putInt(row + ENTRY_OFFSET, entryOffsets[i]);
      out.putInt(row + SECRET_COUNT, secretRows.get(i).size());
      out.putInt(row + ACCOUNT_COUNT, accountRows.get(i).size());
    }

    private static void writeEntry(
        ByteBuffer out, int entry, List<SecretRow> secrets, List<AccountRow> accounts) {
      int index = entry + secrets.size() * SECRET_ROW_LENGTH;
      for (int r = 0; r < secrets.size(); r++) {
        SecretRow s = secrets.get(r);
        int row = entry + r * SECRET_ROW_LENGTH;
        out.put(row + HASH, s.hash);
        out.putLong(row + SECRET_ACCEPTED_AT, s.acceptedAt);
        out.putLong(row + SECRET_FINGERPRINT, s.fingerprint);
        out.putInt(row + SECRET_BLOCK, (s.blank ? SECRET_BLANK_HASH << 24 : 0) | s.block);
        out.putInt(
            row + SECRET_CHECK,
            rowCheck(out, row, SECRET_CHECK, s.block, blockLength(out, s.block)));
      }
      List<int[]> byFingerprint = new ArrayList<>(secrets.size());
      for (int r = 0; r < secrets.size(); r++) {
        byFingerprint.add(new int[] {r});
      }
      byFingerprint.sort(
          Comparator.comparing(
                  (int[] r) -> secrets.get(r[0]).fingerprint, (a, b) -> Long.compareUnsigned(a, b))
              .thenComparingInt(r -> r[0]));
      for (int k = 0; k < byFingerprint.size(); k++) {
        int r = byFingerprint.get(k)[0];
        int row = index + k * INDEX_ROW_LENGTH;
        out.putLong(row + INDEX_FINGERPRINT, secrets.get(r).fingerprint);
        out.putInt(row + INDEX_ROW, r);
      }
      int accountStart = index + secrets.size() * INDEX_ROW_LENGTH;
      for (int r = 0; r < accounts.size(); r++) {
        AccountRow a = accounts.get(r);
        int row = accountStart + r * ACCOUNT_ROW_LENGTH;
        out.putLong(row + ACCOUNT_FINGERPRINT, a.fingerprint);
        out.putLong(row + ACCOUNT_ACCEPTED_AT, a.acceptedAt);
        out.putInt(row + ACCOUNT_BLOCK, a.block);
        out.putInt(
            row + ACCOUNT_CHECK,
            rowCheck(out, row, ACCOUNT_CHECK, a.block, blockLength(out, a.block)));
      }
    }
  }

  private static List<SecretRow> secretRows(CredentialSet set) {
    List<SecretRow> rows = new ArrayList<>(set.secrets().size());
    for (CredentialSet.Secret secret : set.secrets()) {
      rows.add(new SecretRow(secret));
    }
    rows.sort(SECRET_ORDER);
    return rows;
  }

  private static List<AccountRow> accountRows(CredentialSet set) {
    List<AccountRow> rows = new ArrayList<>(set.serviceAccounts().size());
    for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
      rows.add(new AccountRow(account));
    }
    rows.sort(ACCOUNT_ORDER);
    return rows;
  }

  private static String key(String[] fields) {
    return fields[0] + '\n' + fields[1] + '\n' + fields[2];
  }

  private static void putAscii(ByteBuffer out, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      out.put(at + i, (byte) s.charAt(i));
    }
  }

  private static long millis(Instant time, String field) {
    try {
      return time.toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + " is out of the storable range");
    }
  }

  private static void requireFits(long length) {
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "record is too large to store: over " + MAX_LENGTH + " bytes");
    }
  }

  /** Throws unless {@code s} is {@code min} to {@code max} printable ASCII characters. */
  static void requireString(String s, String field, int min, int max) {
    if (s.length() < min || s.length() > max) {
      throw new IllegalArgumentException(
          field + " must be " + min + " to " + max + " characters, was " + s.length());
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(
            field + " must be printable ASCII without whitespace (character " + i + ")");
      }
    }
  }

  private static final class SecretRow {
    final CredentialSet.Secret secret;
    final boolean blank;
    final byte[] hash;
    final long acceptedAt;
    final long fingerprint;
    final String[] fields;
    int block;

    SecretRow(CredentialSet.Secret secret) {
      this.secret = secret;
      SecretCoordinates c = secret.coordinates();
      this.fields = coordinateFields("secret", c.uid(), c.namespace(), c.name());
      this.blank = secret.hash().isEmpty();
      this.hash = blank ? new byte[CredentialHash.LENGTH] : secret.hash().bytes();
      this.acceptedAt = millis(secret.acceptedAt(), "secret acceptedAt");
      this.fingerprint = CoordinateFingerprint.of(c.uid(), c.namespace(), c.name());
    }
  }

  private static final class AccountRow {
    final CredentialSet.ServiceAccount account;
    final long acceptedAt;
    final long fingerprint;
    final String[] fields;
    int block;

    AccountRow(CredentialSet.ServiceAccount account) {
      this.account = account;
      ServiceAccountCoordinates c = account.coordinates();
      this.fields = coordinateFields("service account", c.uid(), c.namespace(), c.name());
      this.acceptedAt = millis(account.acceptedAt(), "service account acceptedAt");
      this.fingerprint = CoordinateFingerprint.of(c.uid(), c.namespace(), c.name());
    }
  }

  private static String[] coordinateFields(String what, String uid, String namespace, String name) {
    requireString(uid, what + " uid", 0, MAX_COORDINATE_LENGTH);
    requireString(namespace, what + " namespace", 0, MAX_COORDINATE_LENGTH);
    requireString(name, what + " name", 0, MAX_COORDINATE_LENGTH);
    return new String[] {uid, namespace, name};
  }
}
