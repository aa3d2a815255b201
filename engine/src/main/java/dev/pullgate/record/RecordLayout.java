package dev.pullgate.record;

import java.nio.ByteBuffer;
import net.openhft.hashing.LongHashFunction;

/**
 * The stored form of a pulled record, format version 2: one flat, checksummed region that a
 * decision probes in place, from the memory map or from the cache, without decoding it.
 *
 * <pre>
 *  offset      length  field                                              constant
 *  0           1       format version = 2                                 VERSION_OFFSET
 *  1           1       kind = 1 (pulled record)                           KIND_OFFSET
 *  2           1       record flags: bit 0 PULLED_BY_NODE                 FLAGS_OFFSET
 *  3           1       0
 *  4           2       name count N (u16)                                 NAME_COUNT_OFFSET
 *  6           2       0
 *  8           8       lastUpdated, epoch milliseconds (i64)              LAST_UPDATED_OFFSET
 *  16          4       imageRef offset (u32)                              IMAGE_REF_OFFSET
 *  20          4       header length H: where the name bytes end (u32)    HEADER_LENGTH_OFFSET
 *  24          20·N    name table, sorted by name bytes                   NAME_TABLE_OFFSET
 *  24+20·N     ...     the name bytes, in table order
 *  H           4       header check: low 32 bits of XXH3 of [0, H)
 *  H+4         ...     entry regions, in table order
 *  ...         ...     coordinate blocks, each stored once
 *  imageRef    2+n     imageRef: length (u16), then its bytes
 *  L-8         8       checksum: XXH3-64 of [0, L-8)
 *
 *  name table row (NAME_ROW_LENGTH = 20)
 *  +0   4   name offset (u32)         +4   2   name length (u16)
 *  +6   1   entry flags: bit 0 NODE_PODS_ACCESSIBLE, bit 1 PRELOADED (at most one)
 *  +7   1   0
 *  +8   4   entry offset (u32): the entry region, 0 when S = A = 0
 *  +12  4   secret count S (u32)      +16  4   service account count A (u32)
 *
 *  entry region: S secret rows, then S coordinate-index rows, then A service account rows
 *  secret row (SECRET_ROW_LENGTH = 56), sorted by hash (blank hashes last), fingerprint, coordinates
 *  +0   32  credential hash (the kubelet hash, or its HMAC under the store's hash key)
 *  +32  8   acceptedAt, epoch milliseconds (i64)
 *  +40  8   coordinate fingerprint (i64)
 *  +48  4   bits 0-23 coordinate block offset, bits 24-31 secret flags: bit 0 BLANK_HASH
 *  +52  4   row check: low 32 bits of XXH3 of the row's first 52 bytes and its coordinate block
 *  coordinate-index row (INDEX_ROW_LENGTH = 12), sorted by fingerprint (unsigned), row
 *  +0   8   coordinate fingerprint    +8   4   secret row number (u32)
 *  service account row (ACCOUNT_ROW_LENGTH = 24), sorted by fingerprint (unsigned), coordinates
 *  +0   8   coordinate fingerprint    +8   8   acceptedAt, epoch milliseconds (i64)
 *  +16  4   coordinate block offset   +20  4   row check, as for secrets (first 20 bytes)
 *
 *  coordinate block: uid, namespace, name, each a length byte then ASCII bytes
 * </pre>
 *
 * <p>Integers are big-endian and offsets absolute from the value's first byte. Every string is
 * printable ASCII (image names, imageRefs and Kubernetes names are), so a decision compares it with
 * Java strings without decoding. The encoding of a record is canonical: one record has exactly one
 * stored form, so the verifier re-encodes what it decodes and compares.
 *
 * <p>The checks are XXH3 from zero-allocation-hashing: they detect bit rot and torn or misplaced
 * bytes and secure nothing. The decoder and the cache (when it copies a value) check the checksum
 * over the whole value; a probe in place checks a short value whole too, and a long one by its
 * header check and the row check of each row it relies on (see {@link RecordProbe}), so that its
 * cost does not grow with the number of secrets.
 */
final class RecordLayout {
  static final int VERSION = 2;
  static final byte KIND_PULLED_RECORD = 1;

  static final int VERSION_OFFSET = 0;
  static final int KIND_OFFSET = 1;
  static final int FLAGS_OFFSET = 2;
  static final int NAME_COUNT_OFFSET = 4;
  static final int LAST_UPDATED_OFFSET = 8;
  static final int IMAGE_REF_OFFSET = 16;
  static final int HEADER_LENGTH_OFFSET = 20;
  static final int NAME_TABLE_OFFSET = 24;

  static final int FLAG_PULLED_BY_NODE = 1;

  static final int NAME_ROW_LENGTH = 20;
  static final int NAME_OFFSET = 0;
  static final int NAME_LENGTH = 4;
  static final int ENTRY_FLAGS = 6;
  static final int ENTRY_OFFSET = 8;
  static final int SECRET_COUNT = 12;
  static final int ACCOUNT_COUNT = 16;

  static final int ENTRY_NODE_PODS_ACCESSIBLE = 1;
  static final int ENTRY_PRELOADED = 2;

  static final int SECRET_ROW_LENGTH = 56;
  static final int HASH = 0;
  static final int HASH_LENGTH = 32;
  static final int SECRET_ACCEPTED_AT = 32;
  static final int SECRET_FINGERPRINT = 40;
  static final int SECRET_BLOCK = 48;
  static final int SECRET_CHECK = 52;
  static final int SECRET_BLANK_HASH = 1;
  static final int COORDINATE_OFFSET_MASK = 0x00FF_FFFF;

  static final int INDEX_ROW_LENGTH = 12;
  static final int INDEX_FINGERPRINT = 0;
  static final int INDEX_ROW = 8;

  static final int ACCOUNT_ROW_LENGTH = 24;
  static final int ACCOUNT_FINGERPRINT = 0;
  static final int ACCOUNT_ACCEPTED_AT = 8;
  static final int ACCOUNT_BLOCK = 16;
  static final int ACCOUNT_CHECK = 20;

  static final int CHECK_LENGTH = 4;
  static final int CHECKSUM_LENGTH = 8;

  /** The largest stored record: coordinate offsets have 24 bits. */
  static final int MAX_LENGTH = 1 << 24;

  /** The longest string a length byte can describe: a coordinate field. */
  static final int MAX_COORDINATE_LENGTH = 255;

  /** The longest image name or imageRef a length field can describe. */
  static final int MAX_NAME_LENGTH = 0xFFFF;

  /** The most image names a record can hold. */
  static final int MAX_NAMES = 0xFFFF;

  private static final LongHashFunction XXH3 = LongHashFunction.xx3();

  private RecordLayout() {}

  /** XXH3-64 of {@code length} bytes of {@code buffer} at absolute {@code offset}. */
  static long xxh3(ByteBuffer buffer, int offset, int length) {
    return XXH3.hashBytes(buffer, offset, length);
  }

  /** The header check of a record whose header ends at absolute {@code headerEnd}. */
  static int headerCheck(ByteBuffer buffer, int base, int headerEnd) {
    return (int) xxh3(buffer, base, headerEnd - base);
  }

  /** The row check of {@code rowLength} bytes at {@code row} and the coordinate block it names. */
  static int rowCheck(ByteBuffer buffer, int row, int rowLength, int block, int blockLength) {
    long h = xxh3(buffer, row, rowLength) ^ Long.rotateLeft(xxh3(buffer, block, blockLength), 29);
    return (int) (h ^ (h >>> 32));
  }

  /** The length of the coordinate block at absolute {@code block}, read from its length bytes. */
  static int blockLength(ByteBuffer buffer, int block) {
    int uid = buffer.get(block) & 0xFF;
    int namespace = buffer.get(block + 1 + uid) & 0xFF;
    int name = buffer.get(block + 2 + uid + namespace) & 0xFF;
    return 3 + uid + namespace + name;
  }
}
