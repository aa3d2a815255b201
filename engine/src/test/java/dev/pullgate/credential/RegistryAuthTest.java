package dev.pullgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding the docker {@code auth} field, and keeping credentials out of strings and messages. */
class RegistryAuthTest {

  @Test
  void fromAuthField_userColonPass_splitsIntoUsernameAndPassword() {
    assertThat(RegistryAuth.fromAuthField("dXNlcjpwYXNz", "me@example.com"))
        .isEqualTo(new RegistryAuth("user", "pass", "me@example.com"));
  }

  @Test
  void fromAuthField_severalColons_splitsAtFirst() {
    assertThat(RegistryAuth.fromAuthField("YTpiOmM=", ""))
        .isEqualTo(new RegistryAuth("a", "b:c", ""));
  }

  @Test
  void fromAuthField_emptyUsernameOrPassword_keptEmpty() {
    assertThat(RegistryAuth.fromAuthField("OnB3", "")).isEqualTo(new RegistryAuth("", "pw", ""));
    assertThat(RegistryAuth.fromAuthField("dTo=", "")).isEqualTo(new RegistryAuth("u", "", ""));
  }

  @Test
  void fromAuthField_paddedUnpaddedOrWithLineBreaks_decodesTheSame() {
    RegistryAuth expected = new RegistryAuth("ab", "c", "");
    assertThat(RegistryAuth.fromAuthField("YWI6Yw==", "")).isEqualTo(expected);
    assertThat(RegistryAuth.fromAuthField("YWI6Yw", "")).isEqualTo(expected);
    assertThat(RegistryAuth.fromAuthField("YW\r\nI6\nYw==", "")).isEqualTo(expected);
  }

  @Test
  void fromAuthField_validMultiByteUtf8_decoded() {
    assertThat(RegistryAuth.fromAuthField("am9zw6k6cPCflJE=", ""))
        .isEqualTo(new RegistryAuth("josé", "p\uD83D\uDD11", ""));
  }

  @Test
  void fromAuthField_overlongAndEncodedSurrogate_eachByteKeptAsEscapedByte() {
    // C0 AF is an overlong '/', ED A0 80 an encoded surrogate: Go rejects both byte by byte.
    assertThat(RegistryAuth.fromAuthField("wK867aCA", ""))
        .isEqualTo(new RegistryAuth("\uDCC0\uDCAF", "\uDCED\uDCA0\uDC80", ""));
  }

  @Test
  void fromAuthField_aboveMaxCodePointAndTruncated_eachByteKeptAsEscapedByte() {
    // F4 90 80 80 would be above U+10FFFF; E2 82 is cut short.
    assertThat(RegistryAuth.fromAuthField("9JCAgDrigg==", ""))
        .isEqualTo(new RegistryAuth("\uDCF4\uDC90\uDC80\uDC80", "\uDCE2\uDC82", ""));
  }

  @Test
  void fromAuthField_noColon_rejectedWithoutEchoingInput() {
    // "bm9jb2xvbg==" is base64 of "nocolon".
    assertThatThrownBy(() -> RegistryAuth.fromAuthField("bm9jb2xvbg==", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("bm9jb2xvbg")
        .hasMessageNotContaining("nocolon")
        .hasNoCause();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"not base64!", "YQ=", "YWJj=", "Y", "dXNlcjpwYXNz-", "YQ==YQ==", "dXNl cjpw"})
  void fromAuthField_invalidBase64_rejectedWithoutEchoingInput(String field) {
    assertThatThrownBy(() -> RegistryAuth.fromAuthField(field, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auth field is not valid base64")
        .hasNoCause();
  }

  @Test
  void fromAuthField_emptyField_rejected() {
    assertThatThrownBy(() -> RegistryAuth.fromAuthField("", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_nullField_rejected() {
    assertThatThrownBy(() -> new RegistryAuth(null, "p", ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("username");
    assertThatThrownBy(() -> new RegistryAuth("u", null, "")).hasMessage("password");
    assertThatThrownBy(() -> new RegistryAuth("u", "p", null)).hasMessage("email");
    assertThatThrownBy(() -> RegistryAuth.fromAuthField(null, ""))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toString_neverShowsValues_onlyWhetherSet() {
    RegistryAuth auth = new RegistryAuth("alice-user", "hunter2-secret", "alice@example.com");
    assertThat(auth.toString())
        .isEqualTo("RegistryAuth[username=<redacted>, password=<redacted>, email=<redacted>]")
        .doesNotContain("alice")
        .doesNotContain("hunter2");
    assertThat(new RegistryAuth("", "x", "").toString())
        .isEqualTo("RegistryAuth[username=<empty>, password=<redacted>, email=<empty>]");
  }

  @Test
  void toString_decodedFromAuthField_neverShowsValues() {
    // base64 of "zq-robot:Xy9-secret"
    RegistryAuth auth = RegistryAuth.fromAuthField("enEtcm9ib3Q6WHk5LXNlY3JldA==", "");
    assertThat(auth.username()).isEqualTo("zq-robot");
    assertThat(auth.toString()).doesNotContain("zq-robot").doesNotContain("Xy9-secret");
  }

  @Test
  void equals_sameFields_equalWithSameHashCode() {
    assertThat(new RegistryAuth("u", "p", "e"))
        .isEqualTo(new RegistryAuth("u", "p", "e"))
        .hasSameHashCodeAs(new RegistryAuth("u", "p", "e"))
        .isNotEqualTo(new RegistryAuth("u", "q", "e"));
  }
}
