package dev.pullgate.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pullgate.image.ReferenceOracle.Outcome;
import dev.pullgate.testing.FuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzz target of the image reference parser: any string, read as UTF-8 from the fuzzer's bytes,
 * goes through every way the engine parses an image ({@link ImageName#parse}, {@link
 * ImageName#tryParse}, {@link ImageName.Cursor}) and {@link ImageName#describe}. They must agree
 * with each other and, for inputs it can take, with {@link ReferenceOracle}, the regular-expression
 * parser the scanner replaced; the only exception is the documented {@link InvalidImageException},
 * whose message is printable ASCII and never quotes an input that may hold credentials.
 *
 * <p>{@code mvn verify} replays the seed corpus in {@code ImageNameFuzzTestInputs}; {@code
 * JAZZER_FUZZ=1 mvn test -Dtest=ImageNameFuzzTest#parse_anyString_agreesEverywhere} fuzzes.
 */
class ImageNameFuzzTest {
  private static final String TARGET = "parse_anyString_agreesEverywhere";

  @FuzzTest
  void parse_anyString_agreesEverywhere(byte[] input) {
    String image = new String(input, StandardCharsets.UTF_8);
    check(image);
    if (image.length() < ReferenceOracle.INPUT_LENGTH_MAX) {
      Outcome expected = ReferenceOracle.parse(image);
      Optional<ImageName> parsed = ImageName.tryParse(image);
      assertThat(parsed.isPresent()).as("valid by the oracle").isEqualTo(expected.valid());
      parsed.ifPresent(
          name -> {
            assertThat(name.domain()).isEqualTo(expected.domain());
            assertThat(name.path()).isEqualTo(expected.path());
            assertThat(name.tag().orElse(null)).isEqualTo(expected.tag());
            assertThat(name.digest().orElse(null)).isEqualTo(expected.digest());
          });
    }
  }

  /** Every seed, stretched to 1 MiB four ways; the timeout only guards against a hang. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void parse_oneMebibyteInputs_parseOrRejectAsDocumented() {
    for (byte[] seed : FuzzCorpus.seeds(ImageNameFuzzTest.class, TARGET)) {
      for (byte[] input : oneMebibyteShapes(seed)) {
        check(new String(input, StandardCharsets.UTF_8));
      }
    }
  }

  /** {@code seed} repeated, and widened at its first, middle and last byte, each to 1 MiB. */
  static byte[][] oneMebibyteShapes(byte[] seed) {
    int n = FuzzCorpus.MEBIBYTE;
    int last = Math.max(0, seed.length - 1);
    return new byte[][] {
      FuzzCorpus.repeated(seed, n),
      FuzzCorpus.widenedAt(seed, 0, n),
      FuzzCorpus.widenedAt(seed, last / 2, n),
      FuzzCorpus.widenedAt(seed, last, n)
    };
  }

  /** The properties that hold for every string. */
  static void check(String image) {
    ImageName parsed = null;
    InvalidImageException rejected = null;
    try {
      parsed = ImageName.parse(image);
    } catch (InvalidImageException e) {
      rejected = e;
    }
    assertThat(ImageName.tryParse(image)).isEqualTo(Optional.ofNullable(parsed));
    ImageName.Cursor cursor = new ImageName.Cursor();
    assertThat(cursor.parse(image)).isEqualTo(parsed != null);
    checkDescription(image);
    if (parsed != null) {
      checkValid(image, parsed, cursor);
    } else {
      checkRejection(image, rejected.getMessage(), cursor);
    }
  }

  private static void checkValid(String image, ImageName parsed, ImageName.Cursor cursor) {
    String name = parsed.name();
    assertThat(name)
        .isEqualTo(
            parsed.domain().isEmpty() ? parsed.path() : parsed.domain() + "/" + parsed.path());
    assertThat(ImageName.parse(parsed.toString())).isEqualTo(parsed);
    assertThat(ImageName.parse(parsed.normalisedReference()).normalisedReference())
        .isEqualTo(parsed.normalisedReference());
    assertThat(cursor.toImageName()).isEqualTo(parsed);
    assertThat(cursor.image()).isSameAs(image);
    assertThat(cursor.toString()).isEqualTo(name);
    assertThat(name.contentEquals(cursor)).isTrue();
    assertThat(cursor.nameStartsWith(name)).isTrue();
    assertThat(cursor.hasTag()).isEqualTo(parsed.tag().isPresent());
    assertThat(cursor.hasDigest()).isEqualTo(parsed.digest().isPresent());
    assertThat(cursor.normalisedReference()).isEqualTo(parsed.normalisedReference());
  }

  private static void checkRejection(String image, String message, ImageName.Cursor cursor) {
    assertThat(message).matches("[\\x20-\\x7e]+").hasSizeLessThan(500);
    if (!ImageName.describe(image).startsWith("'") && image.length() >= 8) {
      assertThat(message).as("the message leaves an unquotable input out").doesNotContain(image);
    }
    assertThat(cursor.length()).isZero();
    assertThat(cursor.hasTag()).isFalse();
    assertThat(cursor.hasDigest()).isFalse();
  }

  private static void checkDescription(String image) {
    String described = ImageName.describe(image);
    assertThat(described).matches("[\\x20-\\x7e]+");
    if (described.startsWith("'")) {
      assertThat(described).isEqualTo("'" + image + "'");
      assertThat(image.length()).isLessThanOrEqualTo(UntrustedText.QUOTED_LENGTH_MAX);
    } else {
      assertThat(described).startsWith("(").endsWith(")").hasSizeLessThan(120);
    }
  }
}
