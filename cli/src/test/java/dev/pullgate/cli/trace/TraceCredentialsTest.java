package dev.pullgate.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.RegistryAuth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How trace credentials become what the kubelet would have hashed. */
class TraceCredentialsTest {

  @Test
  void goString_loneSurrogates_becomeReplacementCharacterAsGoDecodesThem() {
    assertThat(TraceCredentials.goString("a\uD800b\uDC00")).isEqualTo("a\uFFFDb\uFFFD");
  }

  @Test
  void goString_pairedSurrogatesAndPlainText_areKept() {
    String key = "p\uD83D\uDD11ss";

    assertThat(TraceCredentials.goString(key)).isSameAs(key);
    assertThat(TraceCredentials.goString("x\uD800" + key)).isEqualTo("x\uFFFD" + key);
  }

  @Test
  void secretAuth_withEscapedLoneSurrogate_hashesLikeGo() throws Exception {
    Trace trace =
        TraceParser.parse(
            List.of(
                "{\"op\":\"check\",\"image\":\"nginx\",\"imageRef\":\"x\",\"secrets\":"
                    + "[{\"namespace\":\"a\",\"name\":\"b\",\"uid\":\"c\","
                    + "\"auth\":{\"password\":\"p\\ud800\"}}]}"));

    TraceOp.Check check = (TraceOp.Check) trace.ops().get(0);
    assertThat(check.secrets().get(0).hash())
        .isEqualTo(CredentialHash.of(new RegistryAuth("", "p\uFFFD", "")));
  }
}
