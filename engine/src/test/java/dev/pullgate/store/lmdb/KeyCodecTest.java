package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
  private final KeyCodec keys = new KeyCodec();

  @Test
  void shortString_isItsOwnUtf8Key() {
    keys.encode("sha256:abc é", "imageRef");
    assertThat(keys.isDigestKey()).isFalse();
    assertThat(bytes(keys.key())).isEqualTo("sha256:abc é".getBytes(StandardCharsets.UTF_8));
    assertThat(bytes(keys.text())).isEqualTo(bytes(keys.key()));
  }

  @Test
  void stringOfExactlyTheMaximumBytes_isStillAPlainKey() {
    String s = "a".repeat(KeyCodec.MAX_KEY_LENGTH - 3) + "€";
    keys.encode(s, "image");
    assertThat(keys.isDigestKey()).isFalse();
    assertThat(keys.key().remaining()).isEqualTo(KeyCodec.MAX_KEY_LENGTH);
  }

  @Test
  void longerString_isKeyedByPrefixedSha256AndKeepsItsFullText() throws Exception {
    String s = "a".repeat(KeyCodec.MAX_KEY_LENGTH + 1);
    keys.encode(s, "image");
    assertThat(keys.isDigestKey()).isTrue();
    byte[] key = bytes(keys.key());
    assertThat(key).hasSize(KeyCodec.DIGEST_KEY_LENGTH);
    assertThat(key[0]).isEqualTo(KeyCodec.DIGEST_PREFIX);
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    assertThat(java.util.Arrays.copyOfRange(key, 1, key.length)).isEqualTo(sha);
    assertThat(bytes(keys.text())).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void emptyString_isKeyedByDigestBecauseLmdbRejectsEmptyKeys() {
    keys.encode("", "imageRef");
    assertThat(keys.isDigestKey()).isTrue();
    assertThat(keys.key().remaining()).isEqualTo(KeyCodec.DIGEST_KEY_LENGTH);
  }

  @Test
  void digestPrefix_neverStartsAPlainKey() {
    keys.encode("\uFFFF\uDBFF\uDFFF", "image");
    assertThat(keys.isDigestKey()).isFalse();
    assertThat(keys.key().get(0)).isNotEqualTo(KeyCodec.DIGEST_PREFIX);
  }

  @Test
  void codecIsReusableAcrossSizes() {
    keys.encode("x".repeat(5000), "image");
    keys.encode("short", "image");
    assertThat(bytes(keys.key())).isEqualTo("short".getBytes(StandardCharsets.UTF_8));
    assertThat(bytes(keys.text())).isEqualTo("short".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unpairedSurrogate_isRejectedNamingTheField() {
    assertThatThrownBy(() -> keys.encode("a\uDC00", "imageRef"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("imageRef ");
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
