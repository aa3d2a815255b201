package dev.pullgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, equality, matching and printing of credential hashes. */
class CredentialHashTest {
  private static final String HEX =
      "cb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032a";

  @Test
  void fromHex_64LowercaseHex_roundTripsThroughHexAndBytes() {
    CredentialHash hash = CredentialHash.fromHex(HEX);
    assertThat(hash.hex()).isEqualTo(HEX);
    assertThat(hash.bytes()).isEqualTo(HexFormat.of().parseHex(HEX));
    assertThat(hash.isEmpty()).isFalse();
  }

  @Test
  void fromHex_emptyString_isEmptyHash() {
    assertThat(CredentialHash.fromHex("")).isSameAs(CredentialHash.EMPTY);
    assertThat(CredentialHash.EMPTY.isEmpty()).isTrue();
    assertThat(CredentialHash.EMPTY.hex()).isEmpty();
    assertThat(CredentialHash.EMPTY.bytes()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CB54B00FB550D4A17C448149CAA29F38F4D5A44FB87C752E43DB8160AF3A032A",
        "cb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032",
        "cb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032a0",
        "zb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032a",
        " cb54b00fb550d4a17c448149caa29f38f4d5a44fb87c752e43db8160af3a032"
      })
  void fromHex_notLowercase64Hex_rejectedWithoutEchoingInput(String hex) {
    assertThatThrownBy(() -> CredentialHash.fromHex(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(hex.strip().substring(0, 16).toLowerCase());
  }

  @Test
  void of_32Bytes_copiesInput() {
    byte[] bytes = HexFormat.of().parseHex(HEX);
    CredentialHash hash = CredentialHash.of(bytes);
    bytes[0] = 0;
    assertThat(hash.hex()).isEqualTo(HEX);
    hash.bytes()[1] = 0;
    assertThat(hash.hex()).isEqualTo(HEX);
  }

  @Test
  void of_wrongLength_rejected() {
    assertThatThrownBy(() -> CredentialHash.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31");
    assertThatThrownBy(() -> CredentialHash.of(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matches_equalNonEmptyHashes_match() {
    assertThat(CredentialHash.fromHex(HEX).matches(CredentialHash.fromHex(HEX))).isTrue();
  }

  @Test
  void matches_emptyOrNullOrDifferent_neverMatches() {
    CredentialHash hash = CredentialHash.fromHex(HEX);
    assertThat(CredentialHash.EMPTY.matches(CredentialHash.EMPTY)).isFalse();
    assertThat(CredentialHash.EMPTY.matches(hash)).isFalse();
    assertThat(hash.matches(CredentialHash.EMPTY)).isFalse();
    assertThat(hash.matches(null)).isFalse();
    assertThat(hash.matches(withByteFlipped(HEX, 31))).isFalse();
  }

  @Test
  void equals_sameBytes_equalWithSameHashCode() {
    assertThat(CredentialHash.fromHex(HEX))
        .isEqualTo(CredentialHash.of(HexFormat.of().parseHex(HEX)))
        .hasSameHashCodeAs(CredentialHash.of(HexFormat.of().parseHex(HEX)));
    assertThat(CredentialHash.EMPTY).isEqualTo(CredentialHash.fromHex(""));
  }

  @Test
  void equals_differentInFirstOrLastByteOrLength_notEqual() {
    CredentialHash hash = CredentialHash.fromHex(HEX);
    assertThat(hash).isNotEqualTo(withByteFlipped(HEX, 0));
    assertThat(hash).isNotEqualTo(withByteFlipped(HEX, 31));
    assertThat(hash).isNotEqualTo(CredentialHash.EMPTY);
    assertThat(hash).isNotEqualTo(HEX);
  }

  @Test
  void toString_showsOnlyEightHexPrefix() {
    CredentialHash hash = CredentialHash.fromHex(HEX);
    assertThat(hash.toString())
        .isEqualTo("CredentialHash[cb54b00f…]")
        .doesNotContain(HEX.substring(8, 16));
    assertThat(CredentialHash.EMPTY.toString()).isEqualTo("CredentialHash[empty]");
  }

  private static CredentialHash withByteFlipped(String hex, int index) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    bytes[index] ^= 1;
    return CredentialHash.of(bytes);
  }
}
