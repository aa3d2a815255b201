package dev.pullgate.record;

import static dev.pullgate.image.Vectors.H64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pullgate.image.InvalidImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ImageRefs (ENGINE-SPEC §1): non-empty printable ASCII without whitespace, at most 4096 bytes,
 * unable to hold URL userinfo.
 */
class ImageRefTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "a",
        "sha256:" + H64,
        "docker.io/library/nginx@sha256:" + H64,
        "registry.example:5000/team/app@sha256:" + H64,
        "!\"#$%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
      })
  void isValid_printableAscii_isTrue(String imageRef) {
    assertThat(ImageRef.isValid(imageRef)).isTrue();
    assertThat(ImageRef.validate(imageRef, "imageRef")).isSameAs(imageRef);
  }

  @Test
  void isValid_exactlyMaxLength_isTrue() {
    String imageRef = "x".repeat(ImageRef.MAX_LENGTH);

    assertThat(ImageRef.isValid(imageRef)).isTrue();
    assertThat(ImageRef.validate(imageRef, "imageRef")).isSameAs(imageRef);
  }

  @Test
  void validate_overMaxLength_saysLengthWithoutEchoingValue() {
    String imageRef = "x".repeat(ImageRef.MAX_LENGTH + 1);

    InvalidImageException e =
        catchThrowableOfType(
            InvalidImageException.class, () -> ImageRef.validate(imageRef, "imageRef"));

    assertThat(ImageRef.isValid(imageRef)).isFalse();
    assertThat(e.getMessage()).contains("imageRef", "4097 characters long").doesNotContain("xxxx");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void validate_nullOrEmpty_throwsNamingField(String imageRef) {
    InvalidImageException e =
        catchThrowableOfType(InvalidImageException.class, () -> ImageRef.validate(imageRef, "ref"));

    assertThat(ImageRef.isValid(imageRef)).isFalse();
    assertThat(e.getMessage()).startsWith("ref must be 1 to 4096 bytes");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        " ",
        " sha256:abc",
        "sha256:abc ",
        "sha256: abc",
        "sha256:abc\t",
        "sha256:abc\n",
        "sha256:abc\r",
        "\u0000sha256:abc",
        "sha256:abc\u007f",
        "sha256:abc\u00a0",
        "sha256:é",
        "sha256:\uD83D\uDC33",
        "\u001b[2Jsha256:abc"
      })
  void validate_whitespaceControlOrNonAscii_throwsWithoutEchoingUnprintable(String imageRef) {
    InvalidImageException e =
        catchThrowableOfType(
            InvalidImageException.class, () -> ImageRef.validate(imageRef, "imageRef"));

    assertThat(ImageRef.isValid(imageRef)).isFalse();
    assertThat(e.getMessage()).startsWith("imageRef must be").matches("[\\x20-\\x7e]+");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "robot:s3cret@sha256:abc",
        "robot:s3cret@sha256:" + H64,
        "robot@registry.example/app",
        "https://robot:s3cret@registry.example/app",
        "registry.example/app:v1@sha256:" + H64,
        "a@b@sha256:" + H64,
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
      })
  void validate_refThatMayHoldUserinfo_throwsWithoutEchoingIt(String imageRef) {
    InvalidImageException e =
        catchThrowableOfType(
            InvalidImageException.class, () -> ImageRef.validate(imageRef, "imageRef"));

    assertThat(ImageRef.isValid(imageRef)).isFalse();
    assertThat(e.getMessage())
        .startsWith("imageRef must be")
        .contains("user:password@")
        .doesNotContain(imageRef);
  }

  @Test
  void imageRefValidate_refWithCredentials_messageLeavesThemOut() {
    InvalidImageException e =
        catchThrowableOfType(
            InvalidImageException.class,
            () -> ImageRef.validate("https://user:s3cret@host/x y", "imageRef"));

    assertThat(e.getMessage()).startsWith("imageRef must be").doesNotContain("s3cret");
  }
}
