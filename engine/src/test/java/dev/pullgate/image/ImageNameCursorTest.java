package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H64;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ImageName.Cursor}: it accepts what {@link ImageName#parse} accepts and reads as the same
 * normalised name, compares that name with bytes and prefixes, and holds nothing after a failure.
 */
class ImageNameCursorTest {
  private static final String NGINX = "docker.io/library/nginx";

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("dev.pullgate.image.ImageNameTest#validImages")
  void parse_validImage_readsAsNormalisedName(
      String image, String domain, String path, String tag, String digest) {
    ImageName expected = ImageName.parse(image);
    String name = expected.name();
    ImageName.Cursor cursor = new ImageName.Cursor();

    assertThat(cursor.parse(image)).isTrue();

    assertThat(cursor.image()).isSameAs(image);
    assertThat(cursor.length()).isEqualTo(name.length());
    assertThat(cursor).hasToString(name);
    assertThat(name.contentEquals(cursor)).as("charAt reads the name").isTrue();
    assertThat(cursor.subSequence(1, name.length() - 1))
        .hasToString(name.substring(1, name.length() - 1));
    assertThat(cursor.hasTag()).isEqualTo(tag != null);
    assertThat(cursor.hasDigest()).isEqualTo(digest != null);
    assertThat(cursor.normalisedReference()).isEqualTo(expected.normalisedReference());
    assertThat(cursor.toImageName()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("dev.pullgate.image.ImageNameTest#validImages")
  void nameComparisons_validImage_matchTheNormalisedName(
      String image, String domain, String path, String tag, String digest) {
    String name = ImageName.parse(image).name();
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse(image);
    ByteBuffer bytes = ByteBuffer.wrap(("xx" + name + "yy").getBytes(US_ASCII)).position(1);

    assertThat(cursor.compareNameTo(bytes, 2, name.length())).isZero();
    assertThat(cursor.nameEquals(bytes, 2, name.length())).isTrue();
    assertThat(cursor.nameEquals(bytes, 2, name.length() + 1)).isFalse();
    assertThat(cursor.compareNameTo(bytes, 2, name.length() + 1)).isEqualTo(-1);
    assertThat(bytes.position()).as("position").isEqualTo(1);
    for (int i = 0; i <= name.length(); i++) {
      assertThat(cursor.nameStartsWith(name.substring(0, i))).as("prefix of %d", i).isTrue();
    }
    assertThat(cursor.nameStartsWith(name + "/")).isFalse();
    assertThat(cursor.nameStartsWith("~" + name.substring(1))).isFalse();
    assertThat(cursor.nameStartsWith(name.substring(0, name.length() - 1) + "~")).isFalse();
  }

  @Test
  void compareNameTo_otherNames_ordersAsStringCompareTo() {
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse("nginx:1.25");
    List<String> others =
        List.of(
            NGINX,
            NGINX + "2",
            "docker.io/library/ngin",
            "docker.io/library/nginy",
            "docker.io/library/ngina",
            "docker.io/librarz",
            "docker.io/",
            "a",
            "z",
            "");
    for (String other : others) {
      byte[] bytes = other.getBytes(US_ASCII);

      assertThat(cursor.compareNameTo(ByteBuffer.wrap(bytes), 0, bytes.length))
          .as(other)
          .isEqualTo(NGINX.compareTo(other));
      assertThat(cursor.nameEquals(ByteBuffer.wrap(bytes), 0, bytes.length))
          .as(other)
          .isEqualTo(NGINX.equals(other));
    }
  }

  @Test
  void compareNameTo_highByte_comparesUnsigned() {
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse("nginx");
    ByteBuffer bytes = ByteBuffer.allocateDirect(4).put(0, (byte) 'd').put(1, (byte) 0xff);

    assertThat(cursor.compareNameTo(bytes, 0, 2)).isEqualTo('o' - 0xff);
  }

  @Test
  void compareNameTo_rangeOutsideBuffer_throwsIndexOutOfBounds() {
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse("nginx");
    ByteBuffer bytes = ByteBuffer.allocate(8).limit(4);

    assertThatExceptionOfType(IndexOutOfBoundsException.class)
        .isThrownBy(() -> cursor.compareNameTo(bytes, 2, 3));
    assertThatExceptionOfType(IndexOutOfBoundsException.class)
        .isThrownBy(() -> cursor.nameEquals(bytes, -1, 1));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("dev.pullgate.image.ImageNameInvalidTest#invalidImages")
  void parse_invalidImage_returnsFalseAndHoldsNoImage(
      String description, String image, String reason) {
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse("registry.example/team/app:v1@sha256:" + H64);

    assertThat(cursor.parse(image)).isFalse();

    assertThat(cursor.image()).isSameAs(image);
    assertThat(cursor.length()).isZero();
    assertThat(cursor).hasToString("");
    assertThat(cursor.hasTag()).isFalse();
    assertThat(cursor.hasDigest()).isFalse();
    assertThat(cursor.nameStartsWith("")).isTrue();
    assertThat(cursor.nameStartsWith("r")).isFalse();
    assertThat(cursor.compareNameTo(ByteBuffer.wrap(new byte[] {'r'}), 0, 1)).isEqualTo(-1);
    assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> cursor.charAt(0));
    assertThatIllegalStateException().isThrownBy(cursor::toImageName);
    assertThatIllegalStateException().isThrownBy(cursor::normalisedReference);
  }

  @Test
  void parse_null_returnsFalse() {
    ImageName.Cursor cursor = new ImageName.Cursor();

    assertThat(cursor.parse(null)).isFalse();
    assertThat(cursor.image()).isNull();
    assertThat(cursor.length()).isZero();
    assertThat(cursor.nameStartsWith("")).isTrue();
  }

  @Test
  void newCursor_holdsNoImage() {
    ImageName.Cursor cursor = new ImageName.Cursor();

    assertThat(cursor.image()).isNull();
    assertThat(cursor.length()).isZero();
    assertThatIllegalStateException().isThrownBy(cursor::toImageName);
  }

  @Test
  void charAt_outsideName_throwsIndexOutOfBounds() {
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse("nginx");

    assertThat(cursor.charAt(NGINX.length() - 1)).isEqualTo('x');
    assertThatExceptionOfType(IndexOutOfBoundsException.class)
        .isThrownBy(() -> cursor.charAt(NGINX.length()));
    assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> cursor.charAt(-1));
  }
}
