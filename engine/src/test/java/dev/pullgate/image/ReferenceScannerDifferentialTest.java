package dev.pullgate.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pullgate.image.ReferenceOracle.Outcome;
import dev.pullgate.image.ReferenceScanner.Problem;
import java.util.EnumMap;
import java.util.Map;
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
      Outcome expected = ReferenceOracle.parse(image);

      Outcome actual =
          scanner.scan(image)
              ? outcomeOf(ImageName.tryParse(image).orElseThrow())
              : Outcome.invalid(scanner.problem());
      boolean cursorAgrees = cursor.parse(image) == expected.valid() && reads(cursor, expected);

      if (!actual.equals(expected) || !cursorAgrees) {
        fail(
            at(seed, i, image)
                + ": oracle "
                + expected
                + ", scanner "
                + actual
                + ", cursor "
                + cursor);
      }
      if (expected.valid()) {
        accepted++;
      } else {
        rejected.merge(expected.problem(), 1, Integer::sum);
        if (i % 16 == 0) {
          checkMessage(at(seed, i, image), scanner, expected.problem());
        }
      }
    }
    System.out.println("accepted " + accepted + ", rejected " + rejected);
    assertThat(accepted).as("seed %d: accepted inputs", seed).isGreaterThan(ROUNDS / 10);
    assertThat(rejected.keySet()).as("seed %d: reasons seen", seed).containsAll(MESSAGES.keySet());
  }

  private static Outcome outcomeOf(ImageName name) {
    assertThat(name.name())
        .isEqualTo(name.domain().isEmpty() ? name.path() : name.domain() + "/" + name.path());
    return new Outcome(
        null, name.domain(), name.path(), name.tag().orElse(null), name.digest().orElse(null));
  }

  /** Whether the cursor reads as the oracle's name and reference, or as empty for a rejection. */
  private static boolean reads(ImageName.Cursor cursor, Outcome expected) {
    if (!expected.valid()) {
      return cursor.length() == 0 && !cursor.hasTag() && !cursor.hasDigest();
    }
    String name = expected.name();
    String reference =
        name
            + (expected.digest() != null
                ? "@" + expected.digest()
                : ":" + (expected.tag() != null ? expected.tag() : "latest"));
    return name.contentEquals(cursor)
        && cursor.nameStartsWith(name)
        && cursor.hasTag() == (expected.tag() != null)
        && cursor.hasDigest() == (expected.digest() != null)
        && cursor.normalisedReference().equals(reference);
  }

  private static void checkMessage(String at, ReferenceScanner scanner, Problem problem) {
    String message = scanner.failure().getMessage();
    assertThat(message).as(at).contains(MESSAGES.get(problem)).matches("[\\x20-\\x7e]+");
  }

  private static String at(long seed, int round, String image) {
    return "seed " + seed + ", round " + round + ", image " + escape(image);
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.append('"').toString();
  }
}
