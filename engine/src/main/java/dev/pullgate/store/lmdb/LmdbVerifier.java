package dev.pullgate.store.lmdb;

import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * Reads every entry of a store in one read transaction and reports each damaged one, where normal
 * reads stop at the first: the walk behind {@code pullgate verify}.
 *
 * <p>An entry is intact when three checks pass. Its value decodes: version, kind and checksum of
 * the frame, every length, flags, hash lengths of 0 or 32 bytes, and a node-accessible entry that
 * lists no credentials. Its key is the key that the stored imageRef or image maps to (plain or
 * digest, see {@link KeyCodec}). And its value is canonical: encoding the decoded value again gives
 * the stored bytes, which holds only when image names, secrets and service accounts are sorted and
 * unique and every varint is minimal, as this code writes them.
 */
final class LmdbVerifier {
  private static final String RECORD = "pulled record";
  private static final String INTENT = "pull intent";
  private static final int MAX_KEY_CHARS = 120;
  private static final HexFormat HEX = HexFormat.of();

  private LmdbVerifier() {}

  static LmdbVerification verify(LmdbEnv env) {
    return env.read(
        txn -> {
          KeyCodec keys = new KeyCodec();
          List<LmdbDamage> damage = new ArrayList<>();
          long records = walk(txn, env.records(), RECORD, keys, damage);
          long intents = walk(txn, env.intents(), INTENT, keys, damage);
          return new LmdbVerification(records, intents, damage);
        });
  }

  private static long walk(
      Txn<ByteBuffer> txn,
      Dbi<ByteBuffer> dbi,
      String kind,
      KeyCodec keys,
      List<LmdbDamage> damage) {
    long entries = 0;
    try (CursorIterable<ByteBuffer> all = dbi.iterate(txn)) {
      for (CursorIterable.KeyVal<ByteBuffer> entry : all) {
        entries++;
        String problem = check(kind, entry.key(), entry.val(), keys);
        if (problem != null) {
          damage.add(new LmdbDamage(kind, describeKey(entry.key()), problem));
        }
      }
    }
    return entries;
  }

  /** What is wrong with one entry, or null when it is intact. */
  private static String check(String kind, ByteBuffer key, ByteBuffer value, KeyCodec keys) {
    String stored;
    ByteBuffer canonical;
    try {
      if (kind.equals(RECORD)) {
        PulledRecord record = RecordCodec.decode(value.duplicate());
        stored = record.imageRef();
        canonical = ByteBuffer.allocate(RecordCodec.encodedLength(record));
        RecordCodec.encode(record, canonical);
      } else {
        PullIntent intent = IntentCodec.decode(value.duplicate());
        stored = intent.image();
        canonical = ByteBuffer.allocate(IntentCodec.encodedLength(intent));
        IntentCodec.encode(intent, canonical);
      }
      keys.encode(stored, kind.equals(RECORD) ? "imageRef" : "image");
    } catch (CorruptValueException | IllegalArgumentException e) {
      return e.getMessage();
    }
    canonical.flip();
    if (!keys.key().equals(key)) {
      return "the key does not match the "
          + (kind.equals(RECORD) ? "imageRef" : "image")
          + " stored in the value";
    }
    if (!canonical.equals(value)) {
      return "the value is not in canonical form (unsorted or duplicate entries, or overlong"
          + " lengths)";
    }
    return null;
  }

  /** The key as {@link LmdbDamage#key()} shows it. */
  static String describeKey(ByteBuffer key) {
    ByteBuffer k = key.duplicate();
    if (k.remaining() == KeyCodec.DIGEST_KEY_LENGTH
        && k.get(k.position()) == KeyCodec.DIGEST_PREFIX) {
      byte[] digest = new byte[KeyCodec.DIGEST_KEY_LENGTH - 1];
      k.get(k.position() + 1, digest);
      return "digest:" + HEX.formatHex(digest);
    }
    byte[] bytes = new byte[k.remaining()];
    k.get(bytes);
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
      if (Character.isISOControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return i < s.length() ? out + "…" : out.toString();
  }
}
