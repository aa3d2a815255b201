package dev.pullgate.record;

import static dev.pullgate.record.RecordLayout.*;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.StoreDamagedException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the stored form of a pulled record ({@link RecordLayout}) back into a {@link PulledRecord},
 * checking everything: the checksum, the header check, every offset, count and flag, every row
 * check, and that every string is printable ASCII. Anything wrong throws {@link
 * StoreDamagedException} with what failed, never what the bytes hold.
 */
final class RecordDecoder {
  private static final int MIN_LENGTH = NAME_TABLE_OFFSET + CHECK_LENGTH + 3 + CHECKSUM_LENGTH;

  private final ByteBuffer value;
  private final int base;
  private final int length;

  private RecordDecoder(ByteBuffer value) {
    this.value = value;
    this.base = value.position();
    this.length = value.remaining();
  }

  /** The record stored in {@code value}, from its position to its limit; moves nothing. */
  static PulledRecord decode(ByteBuffer value) {
    RecordDecoder decoder = new RecordDecoder(value);
    try {
      return decoder.read();
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw damaged("its structure is inconsistent");
    }
  }

  /** Checks the frame of {@code value}: version, kind, length and checksum. */
  static void checkFrame(ByteBuffer value) {
    new RecordDecoder(value).frame();
  }

  private void frame() {
    if (length < MIN_LENGTH) {
      throw damaged("it is too short (" + length + " bytes)");
    }
    int version = u8(VERSION_OFFSET);
    if (version != VERSION) {
      throw damaged(
          "its format version is "
              + version
              + ", not the version this Pullgate reads ("
              + VERSION
              + ")");
    }
    if (u8(KIND_OFFSET) != KIND_PULLED_RECORD) {
      throw damaged("it is not a pulled record (kind " + u8(KIND_OFFSET) + ")");
    }
    int checksumAt = length - CHECKSUM_LENGTH;
    if (value.getLong(base + checksumAt) != xxh3(value, base, checksumAt)) {
      throw damaged("its checksum does not match");
    }
  }

  private PulledRecord read() {
    frame();
    int flags = u8(FLAGS_OFFSET);
    if ((flags & ~FLAG_PULLED_BY_NODE) != 0 || u8(3) != 0 || value.getShort(base + 6) != 0) {
      throw damaged("its header has unknown flags");
    }
    int names = value.getShort(base + NAME_COUNT_OFFSET) & 0xFFFF;
    int headerEnd = offset(HEADER_LENGTH_OFFSET);
    int imageRefAt = offset(IMAGE_REF_OFFSET);
    within(headerEnd, CHECK_LENGTH);
    if (value.getInt(base + headerEnd) != headerCheck(value, base, base + headerEnd)) {
      throw damaged("its header check does not match");
    }
    String imageRef = string(imageRefAt + 2, value.getShort(base + imageRefAt) & 0xFFFF);
    if (imageRefAt + 2 + imageRef.length() + CHECKSUM_LENGTH != length) {
      throw damaged("its imageRef does not end where the checksum starts");
    }
    if (!ImageRef.isValid(imageRef)) {
      throw damaged("its imageRef is not a valid imageRef");
    }
    NavigableMap<String, CredentialSet> mapping = new TreeMap<>();
    NavigableSet<String> preloaded = new TreeSet<>();
    int expectedName = NAME_TABLE_OFFSET + names * NAME_ROW_LENGTH;
    String previous = null;
    for (int i = 0; i < names; i++) {
      int row = NAME_TABLE_OFFSET + i * NAME_ROW_LENGTH;
      int nameAt = offset(row + NAME_OFFSET);
      int nameLength = value.getShort(base + row + NAME_LENGTH) & 0xFFFF;
      if (nameAt != expectedName || nameLength == 0) {
        throw damaged("its name table is inconsistent");
      }
      expectedName += nameLength;
      String name = string(nameAt, nameLength);
      if (previous != null && previous.compareTo(name) >= 0) {
        throw damaged("its image names are not sorted");
      }
      previous = name;
      int entryFlags = u8(row + ENTRY_FLAGS);
      if (u8(row + ENTRY_FLAGS + 1) != 0) {
        throw damaged("a name row has unknown flags");
      }
      if (entryFlags == ENTRY_PRELOADED) {
        requireNoCredentials(row);
        preloaded.add(name);
      } else if (entryFlags == ENTRY_NODE_PODS_ACCESSIBLE) {
        requireNoCredentials(row);
        mapping.put(name, CredentialSet.nodePodsAccessible());
      } else if (entryFlags == 0) {
        mapping.put(name, entry(row, headerEnd, imageRefAt));
      } else {
        throw damaged("a name row has unknown flags");
      }
    }
    if (expectedName != headerEnd) {
      throw damaged("its header length does not match its names");
    }
    Instant lastUpdated = Instant.ofEpochMilli(value.getLong(base + LAST_UPDATED_OFFSET));
    try {
      return new PulledRecord(
          imageRef, lastUpdated, flags == FLAG_PULLED_BY_NODE, mapping, preloaded);
    } catch (IllegalArgumentException e) {
      throw damaged("it holds credentials but is not marked pulled by the node");
    }
  }

  private void requireNoCredentials(int row) {
    if (value.getInt(base + row + ENTRY_OFFSET) != 0
        || value.getInt(base + row + SECRET_COUNT) != 0
        || value.getInt(base + row + ACCOUNT_COUNT) != 0) {
      throw damaged("an entry without credentials lists some");
    }
  }

  private CredentialSet entry(int row, int headerEnd, int imageRefAt) {
    int entry = value.getInt(base + row + ENTRY_OFFSET);
    long secrets = value.getInt(base + row + SECRET_COUNT) & 0xFFFF_FFFFL;
    long accounts = value.getInt(base + row + ACCOUNT_COUNT) & 0xFFFF_FFFFL;
    if (secrets == 0 && accounts == 0) {
      if (entry != 0) {
        throw damaged("an empty entry has a region");
      }
      return CredentialSet.empty();
    }
    long size = secrets * (SECRET_ROW_LENGTH + INDEX_ROW_LENGTH) + accounts * ACCOUNT_ROW_LENGTH;
    if (entry < headerEnd + CHECK_LENGTH || entry + size > imageRefAt) {
      throw damaged("an entry region is out of bounds");
    }
    List<CredentialSet.Secret> secretList = new ArrayList<>((int) secrets);
    for (int r = 0; r < secrets; r++) {
      secretList.add(secret(entry + r * SECRET_ROW_LENGTH, imageRefAt));
    }
    int accountStart = entry + (int) secrets * (SECRET_ROW_LENGTH + INDEX_ROW_LENGTH);
    List<CredentialSet.ServiceAccount> accountList = new ArrayList<>((int) accounts);
    for (int r = 0; r < accounts; r++) {
      accountList.add(account(accountStart + r * ACCOUNT_ROW_LENGTH, imageRefAt));
    }
    CredentialSet set = CredentialSet.of(secretList, accountList);
    if (set.secrets().size() != secrets || set.serviceAccounts().size() != accounts) {
      throw damaged("an entry lists the same coordinates twice");
    }
    return set;
  }

  private CredentialSet.Secret secret(int row, int imageRefAt) {
    int packed = value.getInt(base + row + SECRET_BLOCK);
    int secretFlags = packed >>> 24;
    int block = packed & COORDINATE_OFFSET_MASK;
    if ((secretFlags & ~SECRET_BLANK_HASH) != 0) {
      throw damaged("a secret row has unknown flags");
    }
    String[] fields = block(block, imageRefAt);
    checkRow(row, SECRET_CHECK, block);
    CredentialHash hash;
    if (secretFlags == SECRET_BLANK_HASH) {
      for (int i = 0; i < HASH_LENGTH; i++) {
        if (value.get(base + row + HASH + i) != 0) {
          throw damaged("a blank hash is not zero");
        }
      }
      hash = CredentialHash.EMPTY;
    } else {
      byte[] bytes = new byte[HASH_LENGTH];
      value.get(base + row + HASH, bytes);
      hash = CredentialHash.of(bytes);
    }
    return new CredentialSet.Secret(
        new SecretCoordinates(fields[0], fields[1], fields[2]),
        hash,
        Instant.ofEpochMilli(value.getLong(base + row + SECRET_ACCEPTED_AT)));
  }

  private CredentialSet.ServiceAccount account(int row, int imageRefAt) {
    int block = offset(row + ACCOUNT_BLOCK);
    String[] fields = block(block, imageRefAt);
    checkRow(row, ACCOUNT_CHECK, block);
    return new CredentialSet.ServiceAccount(
        new ServiceAccountCoordinates(fields[0], fields[1], fields[2]),
        Instant.ofEpochMilli(value.getLong(base + row + ACCOUNT_ACCEPTED_AT)));
  }

  private void checkRow(int row, int rowLength, int block) {
    int blockLength = blockLength(value, base + block);
    int expected = rowCheck(value, base + row, rowLength, base + block, blockLength);
    if (value.getInt(base + row + rowLength) != expected) {
      throw damaged("a credential row check does not match");
    }
  }

  private String[] block(int block, int imageRefAt) {
    String[] fields = new String[3];
    int at = block;
    for (int i = 0; i < 3; i++) {
      within(at, 1);
      int n = u8(at);
      if (at + 1 + n > imageRefAt) {
        throw damaged("a coordinate block is out of bounds");
      }
      fields[i] = n == 0 ? "" : string(at + 1, n);
      at += 1 + n;
    }
    return fields;
  }

  private String string(int at, int n) {
    within(at, n);
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      int c = value.get(base + at + i) & 0xFF;
      if (c <= 0x20 || c >= 0x7f) {
        throw damaged("a string is not printable ASCII");
      }
      chars[i] = (char) c;
    }
    return new String(chars);
  }

  private int offset(int at) {
    int offset = value.getInt(base + at);
    if (offset < 0 || offset >= length) {
      throw damaged("an offset is out of bounds");
    }
    return offset;
  }

  private void within(int at, int n) {
    if (at < 0 || n < 0 || (long) at + n > length - CHECKSUM_LENGTH) {
      throw damaged("an offset is out of bounds");
    }
  }

  private int u8(int at) {
    return value.get(base + at) & 0xFF;
  }

  /** Damage described by {@code why} ("its checksum does not match"); stores add the key. */
  static StoreDamagedException damaged(String why) {
    return new StoreDamagedException(why);
  }
}
