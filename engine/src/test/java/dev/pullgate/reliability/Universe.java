package dev.pullgate.reliability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The small world the reliability suites draw their operations from: image strings with their
 * normalised name and reference written out by hand (so the model never asks the engine's parser),
 * imageRefs, secrets, credential hashes and service accounts. Small on purpose, so that random
 * operations meet the same records again and again.
 */
final class Universe {
  /** An image string as a pod writes it, its normalised name and its normalised reference. */
  record Image(String image, String name, String reference) {}

  static final String DIGEST = "sha256:" + "a".repeat(64);

  static final List<Image> IMAGES =
      List.of(
          image("registry.example/team/app:v1", "registry.example/team/app", ":v1"),
          image("registry.example/team/app:v2", "registry.example/team/app", ":v2"),
          image("registry.example/team/app", "registry.example/team/app", ":latest"),
          image("registry.example/team/app:latest", "registry.example/team/app", ":latest"),
          image("registry.example/team/app@" + DIGEST, "registry.example/team/app", "@" + DIGEST),
          // A reference with a tag and a digest is identified by its digest.
          image(
              "registry.example/team/app:v1@" + DIGEST, "registry.example/team/app", "@" + DIGEST),
          image("registry.example/team/tool:3", "registry.example/team/tool", ":3"),
          image("nginx", "docker.io/library/nginx", ":latest"),
          image("docker.io/library/nginx:latest", "docker.io/library/nginx", ":latest"),
          image("nginx:1.25", "docker.io/library/nginx", ":1.25"),
          image("index.docker.io/library/nginx:1.25", "docker.io/library/nginx", ":1.25"),
          image("localhost:5000/tools/probe:3", "localhost:5000/tools/probe", ":3"),
          image("quay.io/other/base:9", "quay.io/other/base", ":9"));

  /** Every valid image string, by itself. */
  static final Map<String, Image> BY_IMAGE =
      IMAGES.stream().collect(Collectors.toUnmodifiableMap(Image::image, Function.identity()));

  /** Strings the reference grammar refuses. */
  static final List<String> INVALID_IMAGES =
      List.of(
          "registry.example/Team/app:v1",
          "not an image",
          "",
          "registry.example/team/app:" + "t".repeat(200),
          "nginx:1.25\n");

  /**
   * Valid imageRefs; the last is longer than LMDB's largest key, so it is stored under a digest.
   */
  static final List<String> IMAGE_REFS =
      List.of(
          ref(1),
          ref(2),
          ref(3),
          ref(4),
          ref(5),
          ref(6),
          "registry.example/team/app@" + DIGEST,
          "sha256:" + "f".repeat(64) + "/" + "x".repeat(600));

  static final List<String> INVALID_IMAGE_REFS = List.of("", "sha256 with space", "sha256:\u00e9");

  static final List<String> NAMESPACES = List.of("team-a", "team-b", "team-c");
  static final List<String> SECRET_NAMES = List.of("regcred", "mirror");

  /** Kubelet-style credential hashes (SHA-256 of a registry entry), as 64 lower-case hex. */
  static final List<String> HASHES = List.of(hash(1), hash(2), hash(3), hash(4), hash(5), hash(6));

  /** Service accounts' names, one per namespace and this name. */
  static final List<String> ACCOUNT_NAMES = List.of("builder", "deployer");

  /** Allowlist of the allowlisted-images policy variants. */
  static final List<String> ALLOWLIST = List.of("registry.example/team/*", "quay.io/other/base");

  private Universe() {}

  private static Image image(String image, String name, String suffix) {
    return new Image(image, name, name + suffix);
  }

  private static String ref(int i) {
    return "sha256:" + String.format("%064x", i * 0x1111111L);
  }

  static String secretUid(String namespace, String name) {
    return "uid-" + namespace + "-" + name;
  }

  static String accountUid(String namespace, String name) {
    return "sa-" + namespace + "-" + name;
  }

  private static String hash(int i) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("{\"username\":\"u" + i + "\",\"password\":\"p" + i + "\"}")
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
