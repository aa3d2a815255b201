package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H128;
import static dev.pullgate.image.Vectors.H64;
import static dev.pullgate.image.Vectors.H96;

import java.util.Locale;
import java.util.Random;

/**
 * Image strings for differential tests, deterministic for a seed: a reference assembled from the
 * grammar's pieces (registry host, path components and separators, tag, digest), each piece valid
 * most of the time and near a boundary or wrong some of the time, then mutated by up to three
 * character edits. Every string is shorter than {@link ReferenceOracle#INPUT_LENGTH_MAX}.
 */
final class ImageStringGenerator {
  private static final String[] HOSTS = {
    "docker.io",
    "index.docker.io",
    "localhost",
    "localhost:5000",
    "DOCKER.IO",
    "index.docker.io:443",
    "[::1]",
    "[::1]:5000",
    "[2001:DB8::1]",
    "[]",
    "[fe80::1%eth0]",
    "[::g]",
    "[::1",
    "foo_bar.com",
    "a__b.c",
    "Foo_bar",
    "Registry",
    "192.168.1.1:5000",
    "user:password@host",
    "https:",
    "nginx:ta",
    "xn--n3h.com",
    "foo.com:5000:6000",
    "foo.com:",
  };
  private static final String[] VALID_SEPARATORS = {".", "_", "__", "-", "--", "---"};
  private static final String[] BAD_SEPARATORS = {"___", "..", "._", "_.", "-_", "_-", ".-", "/"};
  private static final String[] ALGORITHMS = {
    "sha256",
    "sha384",
    "sha512",
    "md5",
    "SHA256",
    "sha256+b64u",
    "a.b-c_d+e",
    "",
    "9a",
    "a..b",
    "a-",
    "sha",
  };
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HOST_CHARS = "abcxyzABCXYZ0189-";
  private static final String TAG_CHARS = "aZ09_.-";
  private static final String EDITS = "aZ09._-/:@[]+%#\u00e9 \t\u0000\u007f";

  private final Random random;

  ImageStringGenerator(Random random) {
    this.random = random;
  }

  /** The next image string. */
  String next() {
    int special = random.nextInt(200);
    if (special == 0) {
      return H64;
    }
    if (special == 1) {
      return H64.toUpperCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(5) < 3) {
      sb.append(oneIn(3) ? pick(HOSTS) : hostName()).append('/');
    }
    boolean clean = oneIn(2);
    int components = oneIn(20) ? 1 + random.nextInt(70) : 1 + random.nextInt(3);
    for (int i = 0; i < components; i++) {
      sb.append(i == 0 ? "" : "/").append(pathComponent(clean));
    }
    if (oneIn(3)) {
      sb.append(':').append(tag());
    }
    if (oneIn(4)) {
      sb.append('@').append(pick(ALGORITHMS)).append(oneIn(20) ? "" : ":").append(hex());
    }
    int edits = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
    for (int i = 0; i < edits; i++) {
      edit(sb);
    }
    if (sb.length() > ReferenceOracle.INPUT_LENGTH_MAX) {
      sb.setLength(ReferenceOracle.INPUT_LENGTH_MAX);
    }
    return sb.toString();
  }

  private String hostName() {
    StringBuilder sb = new StringBuilder();
    int labels = 1 + random.nextInt(3);
    for (int i = 0; i < labels; i++) {
      sb.append(i == 0 ? "" : oneIn(30) ? "_" : ".");
      int length = oneIn(30) ? 0 : 1 + random.nextInt(5);
      for (int j = 0; j < length; j++) {
        sb.append(oneIn(2) ? pick(LOWER) : pick(HOST_CHARS));
      }
    }
    if (oneIn(3)) {
      sb.append(':').append(oneIn(10) ? "80a" : String.valueOf(random.nextInt(70_000)));
    }
    return sb.toString();
  }

  /** A path component; a clean one has no uppercase letter and no invalid separator. */
  private String pathComponent(boolean clean) {
    StringBuilder sb = new StringBuilder();
    int runs = 1 + random.nextInt(3);
    for (int i = 0; i < runs; i++) {
      if (i > 0) {
        sb.append(!clean && oneIn(10) ? pick(BAD_SEPARATORS) : pick(VALID_SEPARATORS));
      }
      int length = oneIn(40) ? 230 + random.nextInt(40) : 1 + random.nextInt(6);
      for (int j = 0; j < length; j++) {
        sb.append(!clean && oneIn(60) ? 'Q' : pick(LOWER));
      }
    }
    return sb.toString();
  }

  private String tag() {
    StringBuilder sb = new StringBuilder();
    sb.append(oneIn(10) ? pick(".-") : pick("aZ9_"));
    int length = oneIn(10) ? 124 + random.nextInt(6) : random.nextInt(8);
    for (int i = 0; i < length; i++) {
      sb.append(pick(TAG_CHARS));
    }
    return sb.toString();
  }

  private String hex() {
    String full = pick(new String[] {H64, H96, H128, H128 + H128});
    String hex = oneIn(2) ? full : full.substring(0, Math.min(full.length(), random.nextInt(130)));
    if (oneIn(10)) {
      return hex.toUpperCase(Locale.ROOT);
    }
    return oneIn(20) && !hex.isEmpty() ? hex.substring(1) + "g" : hex;
  }

  private void edit(StringBuilder sb) {
    int at = random.nextInt(sb.length() + 1);
    switch (random.nextInt(5)) {
      case 0 -> sb.insert(at, pick(EDITS));
      case 1 -> sb.replace(at, Math.min(at + 1, sb.length()), String.valueOf(pick(EDITS)));
      case 2 -> sb.delete(at, Math.min(at + 1 + random.nextInt(3), sb.length()));
      case 3 -> sb.insert(at, sb.substring(at, Math.min(at + 1 + random.nextInt(8), sb.length())));
      default -> {
        if (at < sb.length()) {
          char c = sb.charAt(at);
          sb.setCharAt(
              at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
      }
    }
  }

  private boolean oneIn(int n) {
    return random.nextInt(n) == 0;
  }

  private char pick(String chars) {
    return chars.charAt(random.nextInt(chars.length()));
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
