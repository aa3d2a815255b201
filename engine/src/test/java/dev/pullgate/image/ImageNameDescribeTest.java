package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ImageName#describe}: untrusted strings appear in messages quoted only when short,
 * printable and unable to hold URL userinfo; otherwise described without their value.
 */
class ImageNameDescribeTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "nginx",
        "nginx:1.25",
        "registry.example/app@sha256:" + H64,
        "registry.example:5000/team/app@sha256:" + H64,
        "localhost:5000/x:dev",
        "a b",
        "user:password",
        ""
      })
  void describe_shortPrintableWithoutUserinfo_isQuoted(String untrusted) {
    assertThat(ImageName.describe(untrusted)).isEqualTo("'" + untrusted + "'");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "user:password@host/x",
        "https://user:password@host/x",
        "user@host/x",
        "a@b",
        "user:password@sha256:" + H64,
        "user:1234@sha256:" + H64,
        "https://user:password@registry.example/app@sha256:" + H64,
        "user:password@host/app@sha256:" + H64,
        "registry.example/app@sha256:" + H64 + "@x",
        "nginx:1.25@sha256:" + H64,
        "registry.example/app@sha256:",
        "registry.example/app@"
      })
  void describe_textThatMayHoldUserinfo_leavesValueOut(String untrusted) {
    String described = ImageName.describe(untrusted);

    assertThat(described)
        .isEqualTo(
            "(of "
                + untrusted.length()
                + " characters, not shown because it may hold"
                + " credentials)");
  }

  @Test
  void describe_longString_givesLengthOnly() {
    assertThat(ImageName.describe("a".repeat(300))).isEqualTo("'" + "a".repeat(300) + "'");
    assertThat(ImageName.describe("a".repeat(301))).isEqualTo("(of 301 characters)");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"\u0000nginx", "ngi\tnx", "nginx\u001b[2J", "nginx\u007f", "ngin\u00e9"})
  void describe_nonPrintableCharacter_givesItsIndexOnly(String untrusted) {
    int index = ImageName.firstNonGraphic(untrusted);

    assertThat(ImageName.describe(untrusted))
        .isEqualTo("(with a non-printable or non-ASCII character at index " + index + ")");
  }

  @Test
  void describe_null_isNull() {
    assertThat(ImageName.describe(null)).isEqualTo("null");
  }

  @Test
  void describe_randomString_holdsOnlyPrintableAscii() {
    long seed = Long.getLong("pullgate.seed", System.nanoTime());
    System.out.println("ImageNameDescribeTest seed " + seed);
    Random random = new Random(seed);
    String alphabet = "ab:/@.\u0000\n\u001b\u007f\u00e9\u2028 ";
    for (int i = 0; i < 10_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = random.nextInt(20); j > 0; j--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(ImageName.describe(sb.toString())).as("seed %d", seed).matches("[\\x20-\\x7e]+");
    }
  }

  @Test
  void parse_imageWithCredentials_messageLeavesThemOut() {
    InvalidImageException e =
        catchThrowableOfType(
            InvalidImageException.class, () -> ImageName.parse("user:s3cret@host/x"));

    assertThat(e.getMessage()).contains("valid registry host").doesNotContain("s3cret");
  }
}
