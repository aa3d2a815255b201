package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pullgate.image.ReferenceScanner.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs far longer than any image: valid-looking ones and ones built to make a backtracking parser
 * recurse once per character. Each must be parsed or rejected for its reason in linear time and
 * without any {@link Error}, also on a thread with a 256 KiB stack, where the regular expressions
 * this parser replaced overflowed from a few hundred characters.
 */
class ImageNameLongInputTest {
  private static final long SMALL_STACK = 256 * 1024;

  /** An input of about {@code n} characters and what parsing it must give; null means valid. */
  private record Case(String shape, IntFunction<String> input, Problem expected) {}

  private static final List<Case> CASES =
      List.of(
          new Case("a...", n -> "a".repeat(n), Problem.LENGTH),
          new Case("a-a-a-...", n -> "a-".repeat(n / 2) + "a", Problem.LENGTH),
          new Case("a__a__...", n -> "a__".repeat(n / 3) + "a", Problem.LENGTH),
          new Case("a.__.a.__....", n -> "a.__.".repeat(n / 5) + "a", Problem.GRAMMAR),
          new Case("a-a-...-", n -> "a-".repeat(n / 2), Problem.GRAMMAR),
          new Case("hhh....com/x", n -> "h".repeat(n) + ".com/x", null),
          new Case("a.a.a....com/x:t", n -> "a.".repeat(n / 2) + "com/x:t", null),
          new Case("a-a-a....com/x", n -> "a-".repeat(n / 2) + "a.com/x", null),
          new Case("[1:1:...]:5000/x", n -> "[" + "1:".repeat(n / 2) + "]:5000/x", null),
          new Case("a.a.a..../x", n -> "a.".repeat(n / 2) + "/x", Problem.HOST),
          new Case("a_b.a_b...c/x", n -> "a_b.".repeat(n / 4) + "c/x", Problem.LENGTH),
          new Case(
              "r.example/a/a/...", n -> "r.example/" + "a/".repeat(n / 2) + "a", Problem.LENGTH),
          new Case("///...", n -> "/".repeat(n), Problem.GRAMMAR),
          new Case("---...", n -> "-".repeat(n), Problem.GRAMMAR),
          new Case("AAA...", n -> "A".repeat(n), Problem.UPPERCASE),
          new Case("a:a:a:...", n -> "a:".repeat(n / 2), Problem.GRAMMAR),
          new Case("nginx:ttt...", n -> "nginx:" + "t".repeat(n), Problem.GRAMMAR),
          new Case("nginx@sha256:aaa...", n -> "nginx@sha256:" + "a".repeat(n), Problem.DIGEST),
          new Case(
              "nginx@a-a-...:hex",
              n -> "nginx@" + "a-".repeat(n / 2) + "a:" + H64,
              Problem.ALGORITHM),
          new Case("aaa... ", n -> "a".repeat(n) + " ", Problem.CHARACTER));

  @ParameterizedTest(name = "{0} characters")
  @ValueSource(ints = {10_000, 100_000, 1_000_000})
  void parse_veryLongInput_parsesOrRejectsWithoutError(int length) {
    for (Case c : CASES) {
      check(c, c.input().apply(length));
    }
  }

  @ParameterizedTest(name = "{0} characters")
  @ValueSource(ints = {10_000, 100_000, 1_000_000})
  void parse_veryLongInputOnSmallStack_parsesOrRejectsWithoutError(int length) throws Exception {
    List<String> inputs = new ArrayList<>();
    for (Case c : CASES) {
      inputs.add(c.input().apply(length));
    }
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Runnable parseAll =
        () -> {
          try {
            for (int i = 0; i < CASES.size(); i++) {
              check(CASES.get(i), inputs.get(i));
            }
          } catch (Throwable t) {
            thrown.set(t);
          }
        };
    Thread small = new Thread(null, parseAll, "small", SMALL_STACK);
    small.start();
    small.join();

    assertThat(thrown.get()).isNull();
  }

  private static void check(Case c, String image) {
    if (c.expected() == null) {
      ImageName name = ImageName.parse(image);
      assertThat(ImageName.parse(name.toString())).as(c.shape()).isEqualTo(name);
      return;
    }
    ReferenceScanner scanner = new ReferenceScanner();
    assertThat(scanner.scan(image)).as(c.shape()).isFalse();
    assertThat(scanner.problem()).as(c.shape()).isEqualTo(c.expected());
    InvalidImageException e =
        catchThrowableOfType(InvalidImageException.class, () -> ImageName.parse(image));
    assertThat(e).as(c.shape()).isNotNull();
    assertThat(e.getMessage()).as(c.shape()).hasSizeLessThan(400).matches("[\\x20-\\x7e]+");
    assertThat(ImageName.tryParse(image)).as(c.shape()).isEmpty();
  }
}
