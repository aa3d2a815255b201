package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random strings built from the grammar's own pieces: whatever {@link ImageName#parse} makes of
 * them, it either returns a consistent, normalised name or throws {@link InvalidImageException}
 * with a printable message. Prints its seed; rerun one with {@code -Dpullgate.seed=N}.
 */
class ImageNameRandomTest {
  private static final String[] PIECES = {
    "a",
    "b",
    "z",
    "0",
    "9",
    "A",
    "Z",
    ".",
    "-",
    "--",
    "_",
    "__",
    ":",
    "/",
    "@",
    "[",
    "]",
    "::1",
    "5000",
    "docker.io",
    "index.docker.io",
    "localhost",
    "library",
    "sha256:",
    "sha512:",
    H64,
    "ab",
    "é",
    " ",
    "\t",
    "\u0000",
    "%",
    "+",
  };
  private static final int ROUNDS = 20_000;

  @Test
  void parse_randomInput_returnsConsistentNameOrThrowsInvalidImage() {
    long seed = Long.getLong("pullgate.seed", System.nanoTime());
    System.out.println("ImageNameRandomTest seed " + seed);
    Random random = new Random(seed);
    int valid = 0;
    for (int i = 0; i < ROUNDS; i++) {
      String image = randomImage(random);
      ImageName parsed;
      try {
        parsed = ImageName.parse(image);
      } catch (InvalidImageException e) {
        assertThat(e.getMessage()).as("seed %d, message", seed).matches("[\\x20-\\x7e]+");
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": unexpected exception for " + escape(image), e);
      }
      valid++;
      checkConsistent(seed, image, parsed);
    }
    assertThat(valid).as("seed %d: valid inputs generated", seed).isPositive();
  }

  private static void checkConsistent(long seed, String image, ImageName parsed) {
    String at = "seed " + seed + ", image " + escape(image);
    String expectedName =
        parsed.domain().isEmpty() ? parsed.path() : parsed.domain() + "/" + parsed.path();
    assertThat(parsed.name()).as(at).isEqualTo(expectedName);
    assertThat(parsed.path()).as(at).matches("[a-z0-9._/-]{1,255}");
    assertThat(parsed.tag().orElse("t")).as(at).matches("\\w[\\w.-]{0,127}");
    if (parsed.domain().equals("docker.io") && parsed.path().indexOf('/') < 0) {
      fail(at + ": a Docker Hub path without '/' should have become library/...");
    }
    assertThat(ImageName.parse(parsed.toString())).as(at).isEqualTo(parsed);
  }

  private static String randomImage(Random random) {
    StringBuilder sb = new StringBuilder();
    int pieces = 1 + random.nextInt(8);
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.append('"').toString();
  }
}
