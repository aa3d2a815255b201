package dev.pullgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The seed corpus of a Jazzer fuzz test, read from where Jazzer reads it in regression mode (the
 * resource directory {@code <TestClass>Inputs/<method>} beside the test class), and the shapes into
 * which the bounded-time tests widen each seed: repeated, or with one byte repeated, to 1 MiB.
 */
public final class FuzzCorpus {
  /** The size of the inputs that must finish in bounded time: 1 MiB. */
  public static final int MEBIBYTE = 1 << 20;

  private FuzzCorpus() {}

  /**
   * The inputs Jazzer replays for {@code method} of {@code testClass}: the files directly in the
   * resource directory {@code <TestClass>Inputs} (shared by every target of the class) and those
   * anywhere under its {@code <method>} subdirectory, each set sorted by path.
   *
   * @throws IllegalStateException when there is no input at all, so that a moved directory cannot
   *     make a test pass on nothing
   */
  public static List<byte[]> seeds(Class<?> testClass, String method) {
    String dir = testClass.getSimpleName() + "Inputs";
    URL url = testClass.getResource(dir);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalStateException("no seed corpus directory " + dir + " beside " + testClass);
    }
    List<byte[]> seeds = new ArrayList<>();
    try {
      Path shared = Path.of(url.toURI());
      read(shared, 1, seeds);
      Path own = shared.resolve(method);
      if (Files.isDirectory(own)) {
        read(own, Integer.MAX_VALUE, seeds);
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (seeds.isEmpty()) {
      throw new IllegalStateException("the seed corpus " + dir + " has no input for " + method);
    }
    return seeds;
  }

  private static void read(Path dir, int depth, List<byte[]> into) {
    try (Stream<Path> files = Files.walk(dir, depth)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        into.add(Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code seed} repeated and cut to exactly {@code length} bytes; spaces for an empty seed. */
  public static byte[] repeated(byte[] seed, int length) {
    byte[] out = new byte[length];
    if (seed.length == 0) {
      Arrays.fill(out, (byte) ' ');
      return out;
    }
    for (int i = 0; i < length; i += seed.length) {
      System.arraycopy(seed, 0, out, i, Math.min(seed.length, length - i));
    }
    return out;
  }

  /**
   * {@code seed} made {@code length} bytes long by repeating its byte at {@code at} in place, so
   * that one token of it (a name, a string, a number) becomes huge while the rest keeps its form.
   */
  public static byte[] widenedAt(byte[] seed, int at, int length) {
    if (seed.length == 0 || seed.length >= length) {
      return repeated(seed, length);
    }
    int grow = length - seed.length;
    byte[] out = new byte[length];
    System.arraycopy(seed, 0, out, 0, at + 1);
    Arrays.fill(out, at + 1, at + 1 + grow, seed[at]);
    System.arraycopy(seed, at + 1, out, at + 1 + grow, seed.length - at - 1);
    return out;
  }
}
