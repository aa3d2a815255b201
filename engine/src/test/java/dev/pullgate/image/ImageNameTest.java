package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H128;
import static dev.pullgate.image.Vectors.H64;
import static dev.pullgate.image.Vectors.H96;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid image strings and what {@link ImageName#parse} makes of them. The vectors follow
 * ENGINE-SPEC §1 and the behaviour of docker/distribution {@code reference} 0.6 (the release the
 * kubelet vendors); comments mark where a vector pins an upstream quirk.
 */
class ImageNameTest {
  private static final String SHA256 = "sha256:" + H64;
  private static final String SHA384 = "sha384:" + H96;
  private static final String SHA512 = "sha512:" + H128;

  static Stream<Arguments> validImages() {
    return Stream.of(
        // ENGINE-SPEC §1 examples.
        valid("nginx", "docker.io", "library/nginx", null, null),
        valid("nginx:1.25", "docker.io", "library/nginx", "1.25", null),
        valid("library/nginx@" + SHA256, "docker.io", "library/nginx", null, SHA256),
        valid("docker.io/nginx", "docker.io", "library/nginx", null, null),
        valid("index.docker.io/library/nginx", "docker.io", "library/nginx", null, null),
        valid("repo.io:5000/a/b:v1", "repo.io:5000", "a/b", "v1", null),
        valid("localhost/x", "localhost", "x", null, null),
        valid("Foo/bar", "Foo", "bar", null, null),
        valid("[::1]:5000/x", "[::1]:5000", "x", null, null),
        // Docker Hub normalisation.
        valid("index.docker.io/nginx", "docker.io", "library/nginx", null, null),
        valid("docker.io/library/nginx:latest", "docker.io", "library/nginx", "latest", null),
        valid("docker.io/foo/bar", "docker.io", "foo/bar", null, null),
        valid("foo/bar", "docker.io", "foo/bar", null, null),
        valid("foo/bar/baz", "docker.io", "foo/bar/baz", null, null),
        valid("a", "docker.io", "library/a", null, null),
        valid("library/library", "docker.io", "library/library", null, null),
        // Only the exact lowercase spellings are Docker Hub.
        valid("DOCKER.IO/nginx", "DOCKER.IO", "nginx", null, null),
        valid("index.docker.io:443/nginx", "index.docker.io:443", "nginx", null, null),
        // A name without '/' is always a Docker Hub name, even when it looks like a host.
        valid("localhost", "docker.io", "library/localhost", null, null),
        valid("localhost:5000", "docker.io", "library/localhost", "5000", null),
        valid("example.com", "docker.io", "library/example.com", null, null),
        valid("example.com:5000", "docker.io", "library/example.com", "5000", null),
        valid("192.168.1.1", "docker.io", "library/192.168.1.1", null, null),
        valid("foo_bar.com:8080", "docker.io", "library/foo_bar.com", "8080", null),
        // Registry hosts.
        valid("localhost:5000/x:dev", "localhost:5000", "x", "dev", null),
        valid("FOO.example/bar", "FOO.example", "bar", null, null),
        valid("Registry/team/app", "Registry", "team/app", null, null),
        valid("[::1]/x", "[::1]", "x", null, null),
        valid("[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null),
        valid("[2001:DB8::1]:5000/repo", "[2001:DB8::1]:5000", "repo", null, null),
        valid("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null),
        valid("[2001:db8::1]:5000/repo:tag@" + SHA256, "[2001:db8::1]:5000", "repo", "tag", SHA256),
        valid("192.168.1.1/repo", "192.168.1.1", "repo", null, null),
        valid("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null),
        valid("test:5000/repo", "test:5000", "repo", null, null),
        valid("test-com:8080/foo", "test-com:8080", "foo", null, null),
        valid("a:0/b", "a:0", "b", null, null),
        valid("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null),
        valid("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null),
        valid(
            "xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512,
            "xn--7o8h.com",
            "myimage",
            "xn--7o8h.com",
            SHA512),
        valid(
            "b.gcr.io/test.example.com/my-app", "b.gcr.io", "test.example.com/my-app", null, null),
        valid("registry.k8s.io/pause:3.10", "registry.k8s.io", "pause", "3.10", null),
        valid("ghcr.io/owner/repo/sub:tag", "ghcr.io", "owner/repo/sub", "tag", null),
        // Upstream quirk: a host-like first component that is only a valid path component (it has
        // '_') leaves the domain empty and the whole name as path.
        valid("foo_bar.com/x", "", "foo_bar.com/x", null, null),
        valid("a__b.c/d/e", "", "a__b.c/d/e", null, null),
        valid("foo/foo_bar.com:8080", "docker.io", "foo/foo_bar.com", "8080", null),
        // Path components and separators.
        valid("a.b_c__d-e---f", "docker.io", "library/a.b_c__d-e---f", null, null),
        valid("a-b/c.d/e_f/g__h", "docker.io", "a-b/c.d/e_f/g__h", null, null),
        valid("0/9", "docker.io", "0/9", null, null),
        // Tags.
        valid("lowercase:Uppercase", "docker.io", "library/lowercase", "Uppercase", null),
        valid("nginx:_tag", "docker.io", "library/nginx", "_tag", null),
        valid("nginx:1", "docker.io", "library/nginx", "1", null),
        valid("nginx:v1.2-rc_3..--", "docker.io", "library/nginx", "v1.2-rc_3..--", null),
        valid("nginx:" + "t".repeat(128), "docker.io", "library/nginx", "t".repeat(128), null),
        // Digests, with and without a tag.
        valid("nginx@" + SHA256, "docker.io", "library/nginx", null, SHA256),
        valid("nginx@" + SHA384, "docker.io", "library/nginx", null, SHA384),
        valid("nginx@" + SHA512, "docker.io", "library/nginx", null, SHA512),
        valid("nginx:latest@" + SHA256, "docker.io", "library/nginx", "latest", SHA256),
        valid("quay.io/org/app:v1@" + SHA512, "quay.io", "org/app", "v1", SHA512),
        // Hex strings that are not a bare 64-hex identifier are names.
        valid(H64.substring(1), "docker.io", "library/" + H64.substring(1), null, null),
        valid(H64 + "0", "docker.io", "library/" + H64 + "0", null, null),
        valid(H64 + ":tag", "docker.io", "library/" + H64, "tag", null),
        valid("library/" + H64, "docker.io", "library/" + H64, null, null),
        // Length: upstream 0.6 limits the path to 255 characters, not the whole name.
        valid("a".repeat(247), "docker.io", "library/" + "a".repeat(247), null, null),
        valid("team/" + "a".repeat(250), "docker.io", "team/" + "a".repeat(250), null, null),
        valid("a/".repeat(127) + "a:t", "docker.io", "a/".repeat(127) + "a", "t", null),
        valid("r.example/" + "b".repeat(255), "r.example", "b".repeat(255), null, null),
        valid("h".repeat(300) + ".com/x", "h".repeat(300) + ".com", "x", null, null));
  }

  private static Arguments valid(
      String image, String domain, String path, String tag, String digest) {
    return Arguments.of(image, domain, path, tag, digest);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validImages")
  void parse_validImage_yieldsNormalisedParts(
      String image, String domain, String path, String tag, String digest) {
    ImageName parsed = ImageName.parse(image);

    assertThat(parsed.domain()).as("domain").isEqualTo(domain);
    assertThat(parsed.path()).as("path").isEqualTo(path);
    assertThat(parsed.name()).as("name").isEqualTo(domain.isEmpty() ? path : domain + "/" + path);
    assertThat(parsed.tag()).as("tag").isEqualTo(Optional.ofNullable(tag));
    assertThat(parsed.digest()).as("digest").isEqualTo(Optional.ofNullable(digest));
    assertThat(ImageName.tryParse(image)).contains(parsed);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validImages")
  void parse_normalisedForm_parsesToTheSameImage(
      String image, String domain, String path, String tag, String digest) {
    ImageName parsed = ImageName.parse(image);

    assertThat(ImageName.parse(parsed.toString())).isEqualTo(parsed);
  }

  @Test
  void toString_joinsNameTagAndDigest() {
    assertThat(ImageName.parse("nginx:1.25@" + SHA256))
        .hasToString("docker.io/library/nginx:1.25@" + SHA256);
    assertThat(ImageName.parse("Foo/bar")).hasToString("Foo/bar");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "nginx,                        docker.io/library/nginx:latest",
    "nginx:latest,                 docker.io/library/nginx:latest",
    "docker.io/library/nginx,      docker.io/library/nginx:latest",
    "index.docker.io/nginx:latest, docker.io/library/nginx:latest",
    "nginx:1.25,                   docker.io/library/nginx:1.25",
    "repo.io:5000/a/b:v1,          repo.io:5000/a/b:v1",
    "foo_bar.com/x,                foo_bar.com/x:latest",
  })
  void normalisedReference_noDigest_isNameAndTagOrLatest(String image, String expected) {
    assertThat(ImageName.parse(image).normalisedReference()).isEqualTo(expected);
  }

  @Test
  void normalisedReference_digest_isNameAndDigestEvenWithTag() {
    assertThat(ImageName.parse("nginx@" + SHA256).normalisedReference())
        .isEqualTo("docker.io/library/nginx@" + SHA256);
    assertThat(ImageName.parse("nginx:1.25@" + SHA256).normalisedReference())
        .isEqualTo("docker.io/library/nginx@" + SHA256);
    assertThat(ImageName.parse("[::1]:5000/x:tag@" + SHA512).normalisedReference())
        .isEqualTo("[::1]:5000/x@" + SHA512);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validImages")
  void normalisedReference_parsedAgain_isTheSameReference(
      String image, String domain, String path, String tag, String digest) {
    String reference = ImageName.parse(image).normalisedReference();

    assertThat(ImageName.parse(reference).normalisedReference()).isEqualTo(reference);
  }

  @Test
  void equals_sameNormalisedReference_isEqual() {
    assertThat(ImageName.parse("nginx")).isEqualTo(ImageName.parse("index.docker.io/nginx"));
    assertThat(ImageName.parse("nginx").hashCode())
        .isEqualTo(ImageName.parse("docker.io/library/nginx").hashCode());
    assertThat(ImageName.parse("nginx")).isNotEqualTo(ImageName.parse("nginx:latest"));
    assertThat(ImageName.parse("nginx:a")).isNotEqualTo(ImageName.parse("nginx:b"));
  }

  @Test
  void parse_null_throwsNullPointerException() {
    assertThatNullPointerException().isThrownBy(() -> ImageName.parse(null));
  }

  @Test
  void tryParse_nullOrInvalid_isEmpty() {
    assertThat(ImageName.tryParse(null)).isEmpty();
    assertThat(ImageName.tryParse("Nginx")).isEmpty();
  }
}
