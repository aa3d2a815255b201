package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * Reads every entry of a store and reports each damaged one, where normal reads stop at the first:
 * the walk behind {@code pullgate verify} and the engine's background verification.
 *
 * <p>A record is intact when its value passes {@link RecordFormat#verify} (every check of the
 * format, and canonical: re-encoding gives the stored bytes), its key is the one its imageRef maps
 * to, and the forgetting index holds an entry for each of its terms. An intent is intact when it
 * decodes and its key is its reference's. An index entry is intact when its key has the index's
 * shape and its digest is that of the imageRef it names. Keys must come in strictly increasing
 * order, and a lookup of each key must find its entry: a B-tree whose keys are out of order, or
 * whose branch pages send a lookup to the wrong leaf, is damaged, and a decision's lookup in it may
 * miss a record that is there.
 *
 * <p>Entries that a repair lost, and no operator accepted, are reported as damage too (see {@link
 * StoreRepair}).
 *
 * <p>It walks in chunks of at most {@value #CHUNK} entries, each in its own read transaction, so a
 * long walk never keeps a reader that stops LMDB from reusing pages; each chunk resumes after the
 * last key of the one before.
 */
final class LmdbVerifier {
  static final String RECORD = "pulled record";
  static final String INTENT = "pull intent";
  static final String INDEX = "index entry";
  static final String LOST = LmdbPullRecordStore.Damage.LOST_ENTRIES;

  /** How many entries one read transaction checks. */
  static final int CHUNK = 4096;

  /** How many damaged entries a verification lists at most; it still counts every entry. */
  static final int MAX_DAMAGE_LISTED = 10_000;

  private static final int MAX_KEY_CHARS = 120;
  private static final HexFormat HEX = HexFormat.of();

  private final LmdbEnv env;
  private final KeyCodec keys = new KeyCodec();
  private final CredentialIndex index = new CredentialIndex();
  private final List<LmdbPullRecordStore.Damage> damage = new ArrayList<>();

  private LmdbVerifier(LmdbEnv env) {
    this.env = env;
  }

  static LmdbPullRecordStore.Verification verify(LmdbEnv env) {
    LmdbVerifier verifier = new LmdbVerifier(env);
    long records = verifier.walk(env.records(), RECORD);
    long intents = verifier.walk(env.intents(), INTENT);
    long indexEntries = verifier.walk(env.index(), INDEX);
    int lost = env.read(txn -> StoreRepair.lostEntries(txn, env.schema()));
    if (lost > 0) {
      verifier.damage.add(
          new LmdbPullRecordStore.Damage(
              LOST,
              StoreRepair.LOST_KEY,
              "a repair deleted "
                  + lost
                  + " damaged entries under digest keys, which name no imageRef or image: those"
                  + " images may look preloaded, so decisions that rest on a missing record fail"
                  + " closed until an operator accepts the loss (pullgate repair --accept-loss)"));
    }
    return new LmdbPullRecordStore.Verification(records, intents, indexEntries, verifier.damage);
  }

  private long walk(Dbi<ByteBuffer> dbi, String kind) {
    long entries = 0;
    byte[] previous = null;
    while (true) {
      byte[] start = previous;
      Chunk chunk = env.read(txn -> chunk(txn, dbi, kind, start));
      entries += chunk.entries;
      if (chunk.last == null) {
        return entries;
      }
      previous = chunk.last;
    }
  }

  private Chunk chunk(Txn<ByteBuffer> txn, Dbi<ByteBuffer> dbi, String kind, byte[] after) {
    KeyRange<ByteBuffer> range =
        after == null ? KeyRange.all() : KeyRange.greaterThan(direct(after));
    int entries = 0;
    byte[] previous = after;
    try (CursorIterable<ByteBuffer> all = dbi.iterate(txn, range)) {
      for (CursorIterable.KeyVal<ByteBuffer> entry : all) {
        byte[] key = bytes(entry.key());
        if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
          report(kind, key, "keys are out of order: the B-tree is damaged, lookups may miss keys");
        }
        String problem =
            foundByLookup(txn, dbi, entry)
                ? check(txn, kind, entry.key(), entry.val().order(ByteOrder.BIG_ENDIAN))
                : "a lookup of this key does not find it: the B-tree is damaged, lookups may miss"
                    + " keys";
        if (problem != null) {
          report(kind, key, problem);
        }
        previous = key;
        if (++entries >= CHUNK) {
          return new Chunk(entries, key);
        }
      }
    }
    return new Chunk(entries, null);
  }

  /**
   * Whether looking {@code entry}'s key up finds the entry: the walk follows the tree's pages in
   * order, a lookup follows the separator keys of its branch pages, and a damaged separator sends a
   * lookup to the wrong leaf, where the key is missing although the walk sees it.
   */
  private static boolean foundByLookup(
      Txn<ByteBuffer> txn, Dbi<ByteBuffer> dbi, CursorIterable.KeyVal<ByteBuffer> entry) {
    ByteBuffer found = dbi.get(txn, entry.key());
    return found != null && found.equals(entry.val());
  }

  /** What is wrong with one entry, or null when it is intact. */
  private String check(Txn<ByteBuffer> txn, String kind, ByteBuffer key, ByteBuffer value) {
    try {
      return switch (kind) {
        case RECORD -> checkRecord(txn, key, value);
        case INTENT -> checkIntent(key, value);
        default -> checkIndexEntry(key, value);
      };
    } catch (StoreDamagedException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return e.getMessage();
    }
  }

  private String checkRecord(Txn<ByteBuffer> txn, ByteBuffer key, ByteBuffer value) {
    PulledRecord record = RecordFormat.verify(value.duplicate());
    if (!keys.encode(record.imageRef(), "imageRef").key().equals(key)) {
      return "the key does not match the imageRef stored in the value";
    }
    RecordFormat.IndexTerms terms = RecordFormat.indexTerms(record);
    for (IndexTerm term : IndexTerm.values()) {
      for (String value2 : term.of(terms)) {
        if (!index.contains(txn, env.index(), term, value2, record.imageRef())) {
          return "the forgetting index lacks an entry of this record";
        }
      }
    }
    return null;
  }

  private String checkIntent(ByteBuffer key, ByteBuffer value) {
    String reference = IntentCodec.decode(value.duplicate());
    if (!keys.encode(reference, "reference").key().equals(key)) {
      return "the key does not match the reference stored in the value";
    }
    return null;
  }

  private String checkIndexEntry(ByteBuffer key, ByteBuffer value) {
    int n = key.remaining();
    int kind = n == 0 ? 0 : key.get(key.position()) & 0xFF;
    int separator = n - CredentialIndex.DIGEST_LENGTH - 1;
    if (kind < 1
        || kind > IndexTerm.values().length
        || separator < 2
        || key.get(key.position() + separator) != 0) {
      return "the key does not have the shape of an index entry";
    }
    String imageRef = ascii(value);
    if (imageRef == null) {
      return "the value is not an imageRef";
    }
    byte[] digest = index.digest(imageRef);
    for (int i = 0; i < digest.length; i++) {
      if (key.get(key.position() + separator + 1 + i) != digest[i]) {
        return "the key's digest is not that of the imageRef it names";
      }
    }
    return null;
  }

  private void report(String kind, byte[] key, String problem) {
    if (damage.size() < MAX_DAMAGE_LISTED) {
      damage.add(new LmdbPullRecordStore.Damage(kind, describeKey(ByteBuffer.wrap(key)), problem));
    }
  }

  private static String ascii(ByteBuffer value) {
    int n = value.remaining();
    if (n == 0 || n > 4096) {
      return null;
    }
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      int c = value.get(value.position() + i) & 0xFF;
      if (c <= 0x20 || c >= 0x7f) {
        return null;
      }
      chars[i] = (char) c;
    }
    return new String(chars);
  }

  /** The key as {@link LmdbPullRecordStore.Damage#key()} shows it. */
  static String describeKey(ByteBuffer key) {
    ByteBuffer k = key.duplicate();
    if (k.remaining() == KeyCodec.DIGEST_KEY_LENGTH
        && k.get(k.position()) == KeyCodec.DIGEST_PREFIX) {
      byte[] digest = new byte[KeyCodec.DIGEST_KEY_LENGTH - 1];
      k.get(k.position() + 1, digest);
      return "digest:" + HEX.formatHex(digest);
    }
    byte[] bytes = bytes(k);
    try {
      CharBuffer text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      return printable(text.toString());
    } catch (CharacterCodingException e) {
      String hex = HEX.formatHex(bytes);
      return "bytes:"
          + (hex.length() <= MAX_KEY_CHARS ? hex : hex.substring(0, MAX_KEY_CHARS) + "…");
    }
  }

  /** {@code s} with control characters escaped as {@code \\uXXXX}, shortened when long. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_KEY_CHARS) + 8);
    int i = 0;
    for (; i < s.length() && out.length() < MAX_KEY_CHARS; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return i < s.length() ? out + "…" : out.toString();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static ByteBuffer direct(byte[] bytes) {
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    return direct;
  }

  /** One chunk's walk: how many entries it read and the last key when more may follow. */
  private record Chunk(int entries, byte[] last) {}
}
