package dev.pullgate.credential;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One registry entry of a docker config: the username, password and email a pull secret gives for
 * one registry. Any field may be empty; none is null.
 *
 * <p>{@link #toString()} never shows the values, only whether each is set. Its {@link
 * CredentialHash#of kubelet-compatible hash} is what records keep; the entry itself is never
 * stored.
 *
 * <p>A field may hold lone surrogates U+DC80 to U+DCFF: {@link #fromAuthField} keeps each byte that
 * is not valid UTF-8 as one of them (as Python's {@code surrogateescape} does), because the kubelet
 * hashes such a byte differently from a real U+FFFD. Code that builds an entry from JSON text
 * should first replace escaped lone surrogates with U+FFFD, as Go's JSON decoder does.
 */
public record RegistryAuth(String username, String password, String email) {

  private static final int ESCAPED_BYTE_BASE = 0xDC00;

  /**
   * Checks that no field is null.
   *
   * @param username the username, or empty
   * @param password the password, or empty
   * @param email the email, or empty
   */
  public RegistryAuth {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(email, "email");
  }

  /**
   * The entry that a docker config's {@code auth} field and {@code email} field give: {@code
   * base64Auth} is the base64 of {@code username:password}, split at the first colon, as the
   * kubelet decodes it (padding optional, line breaks ignored, non-zero trailing bits accepted).
   *
   * @param base64Auth the {@code auth} field
   * @param email the {@code email} field, or empty
   * @return the entry
   * @throws IllegalArgumentException when {@code base64Auth} is not base64 or has no colon; the
   *     message does not echo it
   */
  public static RegistryAuth fromAuthField(String base64Auth, String email) {
    Objects.requireNonNull(base64Auth, "base64Auth");
    Objects.requireNonNull(email, "email");
    byte[] decoded;
    try {
      // Go's base64 decoder skips CR and LF anywhere; Java's basic decoder rejects them.
      decoded = Base64.getDecoder().decode(base64Auth.replace("\r", "").replace("\n", ""));
    } catch (IllegalArgumentException e) {
      // The cause is dropped on purpose: its message quotes a character of the secret.
      throw new IllegalArgumentException("auth field is not valid base64");
    }
    try {
      int colon = indexOf(decoded, (byte) ':');
      if (colon < 0) {
        throw new IllegalArgumentException("auth field must be base64 of username:password");
      }
      return new RegistryAuth(
          decodeUtf8AsGo(decoded, 0, colon),
          decodeUtf8AsGo(decoded, colon + 1, decoded.length),
          email);
    } finally {
      Arrays.fill(decoded, (byte) 0);
    }
  }

  /** Whether each field is set, never its value. */
  @Override
  public String toString() {
    return "RegistryAuth[username="
        + redacted(username)
        + ", password="
        + redacted(password)
        + ", email="
        + redacted(email)
        + "]";
  }

  private static String redacted(String value) {
    return value.isEmpty() ? "<empty>" : "<redacted>";
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Decodes UTF-8 as Go's {@code utf8.DecodeRune} reads it: overlong forms, encoded surrogates,
   * code points above U+10FFFF and truncated sequences are invalid, and each byte that does not
   * start a valid sequence becomes one lone surrogate {@code U+DC00 + byte}.
   */
  private static String decodeUtf8AsGo(byte[] bytes, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      int b0 = bytes[i] & 0xFF;
      int size = sequenceLength(bytes, i, to);
      if (size == 0) {
        out.append((char) (ESCAPED_BYTE_BASE + b0));
        i++;
        continue;
      }
      int codePoint =
          switch (size) {
            case 1 -> b0;
            case 2 -> (b0 & 0x1F) << 6 | cont(bytes, i + 1);
            case 3 -> (b0 & 0x0F) << 12 | cont(bytes, i + 1) << 6 | cont(bytes, i + 2);
            default ->
                (b0 & 0x07) << 18
                    | cont(bytes, i + 1) << 12
                    | cont(bytes, i + 2) << 6
                    | cont(bytes, i + 3);
          };
      out.appendCodePoint(codePoint);
      i += size;
    }
    return out.toString();
  }

  /** The length of the valid UTF-8 sequence at {@code i}, or 0 when it is not one. */
  private static int sequenceLength(byte[] bytes, int i, int to) {
    int b0 = bytes[i] & 0xFF;
    if (b0 < 0x80) {
      return 1;
    }
    int size;
    int secondLow = 0x80;
    int secondHigh = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      size = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      size = 3;
      secondLow = b0 == 0xE0 ? 0xA0 : 0x80; // no overlong forms
      secondHigh = b0 == 0xED ? 0x9F : 0xBF; // no encoded surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      size = 4;
      secondLow = b0 == 0xF0 ? 0x90 : 0x80; // no overlong forms
      secondHigh = b0 == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
    } else {
      return 0;
    }
    if (to - i < size) {
      return 0;
    }
    int b1 = bytes[i + 1] & 0xFF;
    if (b1 < secondLow || b1 > secondHigh) {
      return 0;
    }
    for (int k = 2; k < size; k++) {
      int b = bytes[i + k] & 0xFF;
      if (b < 0x80 || b > 0xBF) {
        return 0;
      }
    }
    return size;
  }

  private static int cont(byte[] bytes, int i) {
    return bytes[i] & 0x3F;
  }
}
