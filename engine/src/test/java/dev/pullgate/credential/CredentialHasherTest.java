package dev.pullgate.credential;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The credential hash against Go's {@code encoding/json} output for the kubelet's AuthConfig: fixed
 * hex known answers (computed with Python's hashlib over JSON written by hand), and escaping cases
 * checked byte for byte against hand-written Go JSON.
 */
class CredentialHasherTest {

  @Test
  void hash_userPassNoEmail_matchesSpecKnownAnswer() {
    assertThat(CredentialHasher.hash(new RegistryAuth("user", "pass", "")).hex())
        .isEqualTo("cb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032a");
  }

  @Test
  void hash_htmlCharactersQuoteBackslashAndEmail_matchesKnownAnswer() {
    RegistryAuth auth = new RegistryAuth("robot$ci", "s3cr&t<>\"\\", "ci@example.com");
    assertJson(
        auth,
        "{\"username\":\"robot$ci\",\"password\":\"s3cr\\u0026t\\u003c\\u003e\\\"\\\\\","
            + "\"email\":\"ci@example.com\"}");
    assertThat(CredentialHasher.hash(auth).hex())
        .isEqualTo("04c61a3790550084ab186c606b024e727f83b36e497fea7d5d5e985e30746391");
  }

  @Test
  void hash_nonAsciiKeptAsUtf8AndLineSeparatorsEscaped_matchesKnownAnswer() {
    RegistryAuth auth = new RegistryAuth("josé", "p\uD83D\uDD11\u2028x\u2029", "");
    assertJson(auth, "{\"username\":\"josé\",\"password\":\"p\uD83D\uDD11\\u2028x\\u2029\"}");
    assertThat(CredentialHasher.hash(auth).hex())
        .isEqualTo("3b1ed710afe0bfcdb821e6cccbaf4d10be6b469e583ddc47e0a07a395c7e01e2");
  }

  @Test
  void hash_controlCharactersAndEmptyUsername_matchesKnownAnswer() {
    RegistryAuth auth = new RegistryAuth("", "a\nb\tc\bd\fe\r\u0000\u0001\u001f\u007f", "");
    assertJson(auth, "{\"password\":\"a\\nb\\tc\\bd\\fe\\r\\u0000\\u0001\\u001f\u007f\"}");
    assertThat(CredentialHasher.hash(auth).hex())
        .isEqualTo("7477045d332a4cd141241e51492d9daa9ef80b51eea31e8c353f8a3c59dde092");
  }

  @Test
  void hash_allFieldsEmpty_hashesEmptyObject() {
    RegistryAuth auth = new RegistryAuth("", "", "");
    assertJson(auth, "{}");
    assertThat(CredentialHasher.hash(auth).hex())
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void hash_emailOnly_omitsEmptyUsernameAndPassword() {
    RegistryAuth auth = new RegistryAuth("", "", "a@b.c");
    assertJson(auth, "{\"email\":\"a@b.c\"}");
    assertThat(CredentialHasher.hash(auth).hex())
        .isEqualTo("8edcb978c26f367b88b254fa79e44d3e510021dd38ac6cbac91e84f6c6bd9f2d");
  }

  @Test
  void hash_usernameAndEmailWithoutPassword_keepsOrderWithOneComma() {
    assertJson(new RegistryAuth("u", "", "e"), "{\"username\":\"u\",\"email\":\"e\"}");
  }

  @Test
  void hash_invalidUtf8FromAuthField_escapesEachBadByteAsGoDoes() {
    // base64 of the bytes 'u', 0xFF, 0xC3, ':', 'p': 0xFF and the truncated 0xC3 are invalid.
    RegistryAuth auth = RegistryAuth.fromAuthField("df/DOnA=", "");
    assertJson(auth, "{\"username\":\"u\\ufffd\\ufffd\",\"password\":\"p\"}");
    assertThat(CredentialHasher.hash(auth).hex())
        .isEqualTo("384320f8507de9b3a1fa3a2e89d5f7f66a139808f5b436ec22277e4495f64f9b");
  }

  @Test
  void hash_realReplacementCharacter_isKeptAsUtf8NotEscaped() {
    assertJson(new RegistryAuth("\uFFFD", "p", ""), "{\"username\":\"\uFFFD\",\"password\":\"p\"}");
  }

  @Test
  void hash_loneSurrogates_escapedAsReplacementCharacter() {
    assertJson(
        new RegistryAuth("a\uD800b", "\uDC00\uD83D", ""),
        "{\"username\":\"a\\ufffdb\",\"password\":\"\\ufffd\\ufffd\"}");
  }

  @Test
  void hash_allAsciiControlCharacters_escapedAsGoDoes() {
    StringBuilder raw = new StringBuilder();
    StringBuilder escaped = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      raw.append(c);
      escaped.append(
          switch (c) {
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format("\\u%04x", (int) c);
          });
    }
    assertJson(
        new RegistryAuth(raw.toString(), "x", ""),
        "{\"username\":\"" + escaped + "\",\"password\":\"x\"}");
  }

  @Test
  void hash_printableAsciiOtherThanHtmlAndQuotes_keptVerbatim() {
    StringBuilder plain = new StringBuilder();
    for (char c = 0x20; c < 0x80; c++) {
      if ("\"\\<>&".indexOf(c) < 0) {
        plain.append(c);
      }
    }
    assertJson(
        new RegistryAuth(plain.toString(), "x", ""),
        "{\"username\":\"" + plain + "\",\"password\":\"x\"}");
  }

  @Test
  void hash_threeByteAndTwoByteCharacters_encodedAsUtf8() {
    String value = "\u00FF\u07FF\u0800\u20AC\uFFFF\u2027\u202A";
    assertJson(new RegistryAuth(value, "", ""), "{\"username\":\"" + value + "\"}");
  }

  @Test
  void hash_equalsSha256OfSerialisedBytes() throws Exception {
    RegistryAuth auth = new RegistryAuth("name", "pä<ss", "x@y");
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(CredentialHasher.serialise(auth));
    assertThat(CredentialHasher.hash(auth).bytes()).isEqualTo(expected);
  }

  @Test
  void hash_differentPasswords_giveDifferentHashes() {
    assertThat(CredentialHasher.hash(new RegistryAuth("u", "a", "")))
        .isNotEqualTo(CredentialHasher.hash(new RegistryAuth("u", "b", "")));
  }

  @Test
  void hash_largeCredentialThenSmall_bufferReuseGivesSameHashAsFresh() {
    String big = "<&>".repeat(40_000);
    CredentialHash first = CredentialHasher.hash(new RegistryAuth("user", "pass", ""));
    CredentialHash bigHash = CredentialHasher.hash(new RegistryAuth(big, big, big));
    CredentialHash again = CredentialHasher.hash(new RegistryAuth("user", "pass", ""));
    assertThat(again).isEqualTo(first);
    assertThat(bigHash)
        .isEqualTo(sha256(CredentialHasher.serialise(new RegistryAuth(big, big, big))));
  }

  @Test
  void hash_manyThreads_agreeWithSingleThread() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    RegistryAuth auth = new RegistryAuth("u" + seed, "p<" + i, "");
                    if (!CredentialHasher.hash(auth)
                        .equals(sha256(CredentialHasher.serialise(auth)))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static void assertJson(RegistryAuth auth, String expectedJson) {
    byte[] expected = expectedJson.getBytes(UTF_8);
    assertThat(new String(CredentialHasher.serialise(auth), UTF_8)).isEqualTo(expectedJson);
    assertThat(CredentialHasher.serialise(auth)).isEqualTo(expected);
    assertThat(CredentialHasher.hash(auth)).isEqualTo(sha256(expected));
  }

  private static CredentialHash sha256(byte[] bytes) {
    try {
      return CredentialHash.fromHex(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
