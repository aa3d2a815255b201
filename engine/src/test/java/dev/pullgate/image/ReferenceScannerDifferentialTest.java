package dev.pullgate.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.image.ReferenceOracle.Outcome;
import dev.pullgate.image.ReferenceScanner.Problem;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link ReferenceScanner} against {@link ReferenceOracle}, the regular-expression
 * parser it replaced, on generated image strings: both must accept the same inputs with the same
 * normalised parts and reject the others for the same reason. Prints its seed; rerun one with
 * {@code -Dpullgate.seed=N}.
 */
class ReferenceScannerDifferentialTest {
  private static final int ROUNDS = 100_000;

  /** A phrase of the message that {@link ImageName#parse} gives for each reason. */
  private static final Map<Problem, String> MESSAGES =
      new EnumMap<>(
          Map.of(
              Problem.EMPTY, "must not be empty",
              Problem.CHARACTER, "whitespace, a control character or a non-ASCII",
              Problem.IDENTIFIER, "bare 64-hex identifier",
              Problem.HOST, "does not start with a valid registry host",
              Problem.UPPERCASE, "uppercase letters in its repository path",
              Problem.GRAMMAR, "does not follow the image reference grammar",
              Problem.LENGTH, "at most 255 characters",
              Problem.ALGORITHM, "unsupported digest algorithm",
              Problem.DIGEST, "lowercase hex digits"));

  @Test
  void scan_generatedImage_agreesWithRegexOracle() {
    long seed = Long.getLong("pullgate.seed", System.nanoTime());
    System.out.println("ReferenceScannerDifferentialTest seed " + seed);
    ImageStringGenerator generator = new ImageStringGenerator(new Random(seed));
    ReferenceScanner scanner = new ReferenceScanner();
    ImageName.Cursor cursor = new ImageName.Cursor();
    Map<Problem, Integer> rejected = new EnumMap<>(Problem.class);
    int accepted = 0;
    for (int i = 0; i < ROUNDS; i++) {
      String image = generator.next();
      String at = "seed " + seed + ", round " + i + ", image " + escape(image);
      Outcome expected = ReferenceOracle.parse(image);

      boolean valid = scanner.scan(image);

      assertThat(valid).as(at).isEqualTo(expected.valid());
      assertThat(cursor.parse(image)).as(at).isEqualTo(valid);
      if (valid) {
        accepted++;
        checkParts(at, image, expected);
        checkCursor(at, cursor, expected);
      } else {
        assertThat(cursor.length()).as(at).isZero();
        rejected.merge(expected.problem(), 1, Integer::sum);
        assertThat(scanner.problem()).as(at).isEqualTo(expected.problem());
        assertThat(ImageName.tryParse(image)).as(at).isEmpty();
        if (i % 16 == 0) {
          checkMessage(at, scanner, expected.problem());
        }
      }
    }
    System.out.println("accepted " + accepted + ", rejected " + rejected);
    assertThat(accepted).as("seed %d: accepted inputs", seed).isGreaterThan(ROUNDS / 10);
    assertThat(rejected.keySet()).as("seed %d: reasons seen", seed).containsAll(MESSAGES.keySet());
  }

  private static void checkParts(String at, String image, Outcome expected) {
    Optional<ImageName> parsed = ImageName.tryParse(image);
    assertThat(parsed).as(at).isPresent();
    ImageName name = parsed.get();
    assertThat(name.domain()).as(at + ": domain").isEqualTo(expected.domain());
    assertThat(name.path()).as(at + ": path").isEqualTo(expected.path());
    assertThat(name.name()).as(at + ": name").isEqualTo(expected.name());
    assertThat(name.tag()).as(at + ": tag").isEqualTo(Optional.ofNullable(expected.tag()));
    assertThat(name.digest()).as(at + ": digest").isEqualTo(Optional.ofNullable(expected.digest()));
  }

  private static void checkCursor(String at, ImageName.Cursor cursor, Outcome expected) {
    String name = expected.name();
    assertThat(cursor.length()).as(at).isEqualTo(name.length());
    assertThat(name.contentEquals(cursor)).as(at + ": cursor reads the name").isTrue();
    assertThat(cursor.nameStartsWith(name)).as(at).isTrue();
    assertThat(cursor.hasTag()).as(at).isEqualTo(expected.tag() != null);
    assertThat(cursor.hasDigest()).as(at).isEqualTo(expected.digest() != null);
    String reference =
        name
            + (expected.digest() != null
                ? "@" + expected.digest()
                : ":" + (expected.tag() != null ? expected.tag() : "latest"));
    assertThat(cursor.normalisedReference()).as(at).isEqualTo(reference);
  }

  private static void checkMessage(String at, ReferenceScanner scanner, Problem problem) {
    String message = scanner.failure().getMessage();
    assertThat(message).as(at).contains(MESSAGES.get(problem)).matches("[\\x20-\\x7e]+");
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.append('"').toString();
  }
}
