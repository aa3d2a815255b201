package dev.pullgate.credential;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The kubelet-compatible credential hash: the SHA-256 of a {@link RegistryAuth} serialised as Go's
 * {@code encoding/json.Marshal} serialises the kubelet's {@code credentialprovider.AuthConfig}.
 *
 * <p>That is {@code {"username":…,"password":…,"email":…}}: fields in that order, each left out
 * when empty, no spaces. Strings are escaped as Go escapes them: {@code "} and {@code \} with a
 * backslash; {@code \b \f \n \r \t} by name; other characters below U+0020 and {@code < > &} as
 * {@code \}{@code u00xx} in lowercase hex; U+2028 and U+2029 as {@code \}{@code u2028} and {@code
 * \}{@code u2029}; a lone surrogate (which stands for a byte that is not UTF-8, see {@link
 * RegistryAuth}) as {@code \}{@code ufffd}, as Go writes each invalid byte; everything else as
 * UTF-8.
 *
 * <p>Implementation notes: each thread keeps one digest and one growing buffer, so a hash allocates
 * only its result. The buffer is zeroed after each use because it held the raw credential, and
 * dropped when a huge credential made it large.
 */
final class CredentialHasher {
  private static final byte[] USERNAME = fieldName("username");
  private static final byte[] PASSWORD = fieldName("password");
  private static final byte[] EMAIL = fieldName("email");
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_ESCAPED_BYTES_PER_CHAR = 6;
  private static final int INITIAL_BUFFER = 256;
  private static final int MAX_KEPT_BUFFER = 64 * 1024;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private CredentialHasher() {}

  /** The kubelet's hash of {@code auth}. */
  static CredentialHash hash(RegistryAuth auth) {
    Objects.requireNonNull(auth, "auth");
    Scratch scratch = SCRATCH.get();
    try {
      serialise(scratch, auth);
      scratch.digest.update(scratch.buffer, 0, scratch.length);
      scratch.digest.digest(scratch.result, 0, CredentialHash.LENGTH);
      return CredentialHash.of(scratch.result);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 digest failed", e);
    } finally {
      scratch.wipe();
    }
  }

  /** The exact bytes that {@link #hash} digests; for tests. */
  static byte[] serialise(RegistryAuth auth) {
    Scratch scratch = new Scratch();
    serialise(scratch, auth);
    return Arrays.copyOf(scratch.buffer, scratch.length);
  }

  private static void serialise(Scratch out, RegistryAuth auth) {
    out.length = 0;
    out.put('{');
    boolean first = field(out, USERNAME, auth.username(), true);
    first = field(out, PASSWORD, auth.password(), first);
    field(out, EMAIL, auth.email(), first);
    out.put('}');
  }

  /** Writes one omitempty field; returns whether no field has been written yet. */
  private static boolean field(Scratch out, byte[] name, String value, boolean first) {
    if (value.isEmpty()) {
      return first;
    }
    long worstCase = 1L + name.length + 2L + (long) MAX_ESCAPED_BYTES_PER_CHAR * value.length();
    out.ensure(worstCase);
    if (!first) {
      out.buffer[out.length++] = ',';
    }
    System.arraycopy(name, 0, out.buffer, out.length, name.length);
    out.length += name.length;
    writeString(out, value);
    return false;
  }

  private static void writeString(Scratch out, String s) {
    byte[] b = out.buffer;
    int n = out.length;
    b[n++] = '"';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n = writeAscii(b, n, c);
      } else if (c < 0x800) {
        b[n++] = (byte) (0xC0 | c >> 6);
        b[n++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[n++] = (byte) (0xF0 | cp >> 18);
        b[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
        b[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
        b[n++] = (byte) (0x80 | cp & 0x3F);
      } else if (Character.isSurrogate(c)) {
        n = writeUnicodeEscape(b, n, 0xFFFD);
      } else if (c == '\u2028' || c == '\u2029') {
        n = writeUnicodeEscape(b, n, c);
      } else {
        b[n++] = (byte) (0xE0 | c >> 12);
        b[n++] = (byte) (0x80 | c >> 6 & 0x3F);
        b[n++] = (byte) (0x80 | c & 0x3F);
      }
    }
    b[n++] = '"';
    out.length = n;
  }

  private static int writeAscii(byte[] b, int n, char c) {
    switch (c) {
      case '"', '\\' -> {
        b[n++] = '\\';
        b[n++] = (byte) c;
      }
      case '\b' -> n = writeNamedEscape(b, n, 'b');
      case '\f' -> n = writeNamedEscape(b, n, 'f');
      case '\n' -> n = writeNamedEscape(b, n, 'n');
      case '\r' -> n = writeNamedEscape(b, n, 'r');
      case '\t' -> n = writeNamedEscape(b, n, 't');
      case '<', '>', '&' -> n = writeUnicodeEscape(b, n, c);
      default -> {
        if (c < 0x20) {
          n = writeUnicodeEscape(b, n, c);
        } else {
          b[n++] = (byte) c;
        }
      }
    }
    return n;
  }

  private static int writeNamedEscape(byte[] b, int n, char name) {
    b[n++] = '\\';
    b[n++] = (byte) name;
    return n;
  }

  private static int writeUnicodeEscape(byte[] b, int n, int c) {
    b[n++] = '\\';
    b[n++] = 'u';
    b[n++] = HEX[c >> 12 & 0xF];
    b[n++] = HEX[c >> 8 & 0xF];
    b[n++] = HEX[c >> 4 & 0xF];
    b[n++] = HEX[c & 0xF];
    return n;
  }

  private static byte[] fieldName(String name) {
    return ('"' + name + "\":").getBytes(StandardCharsets.US_ASCII);
  }

  /** One thread's digest and buffers. */
  private static final class Scratch {
    final MessageDigest digest = newSha256();
    final byte[] result = new byte[CredentialHash.LENGTH];
    byte[] buffer = new byte[INITIAL_BUFFER];
    int length;

    void put(char c) {
      ensure(1);
      buffer[length++] = (byte) c;
    }

    void ensure(long more) {
      long needed = length + more;
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("registry credential too long to hash");
      }
      if (needed > buffer.length) {
        byte[] old = buffer;
        buffer = Arrays.copyOf(old, (int) Math.max(needed, Math.min(2L * old.length, 1 << 30)));
        Arrays.fill(old, 0, length, (byte) 0);
      }
    }

    void wipe() {
      Arrays.fill(buffer, 0, length, (byte) 0);
      length = 0;
      digest.reset();
      if (buffer.length > MAX_KEPT_BUFFER) {
        buffer = new byte[INITIAL_BUFFER];
      }
    }

    private static MessageDigest newSha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform provides SHA-256", e);
      }
    }
  }
}
