package dev.pullgate.image;

import static dev.pullgate.image.Vectors.H128;
import static dev.pullgate.image.Vectors.H64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid image strings: each must be rejected with an {@link InvalidImageException} that says why
 * and never echoes a non-printable or non-ASCII input.
 */
class ImageNameInvalidTest {
  private static final String EMPTY = "must not be empty";
  private static final String CHARACTER = "whitespace, a control character or a non-ASCII";
  private static final String IDENTIFIER = "bare 64-hex identifier";
  private static final String UPPERCASE = "uppercase letters in its repository path";
  private static final String GRAMMAR = "does not follow the image reference grammar";
  private static final String HOST = "does not start with a valid registry host";
  private static final String ALGORITHM = "unsupported digest algorithm";
  private static final String DIGEST = "lowercase hex digits";
  private static final String LENGTH = "at most 255 characters";

  static Stream<Arguments> invalidImages() {
    return Stream.of(
        invalid("empty", "", EMPTY),
        // Characters no reference may hold.
        invalid("only a space", " ", CHARACTER),
        invalid("leading space", " nginx", CHARACTER),
        invalid("trailing space", "nginx ", CHARACTER),
        invalid("inner space", "ngi nx", CHARACTER),
        invalid("tab", "nginx\t", CHARACTER),
        invalid("newline", "nginx\n", CHARACTER),
        invalid("carriage return", "nginx:1\r", CHARACTER),
        invalid("NUL", "\u0000nginx", CHARACTER),
        invalid("DEL", "nginx\u007f", CHARACTER),
        invalid("escape sequence", "\u001b[31mnginx", CHARACTER),
        invalid("non-ASCII letter", "nginé", CHARACTER),
        invalid("no-break space", "nginx:1.25\u00a0", CHARACTER),
        invalid("emoji", "\uD83D\uDC33/app", CHARACTER),
        invalid("fullwidth letter", "ｎginx", CHARACTER),
        // A bare identifier is not a name.
        invalid("bare 64-hex identifier", H64, IDENTIFIER),
        invalid("uppercase 64-hex", H64.toUpperCase(Locale.ROOT), UPPERCASE),
        // Uppercase in the path.
        invalid("uppercase single name", "NGINX", UPPERCASE),
        invalid("uppercase name with tag", "Uppercase:tag", UPPERCASE),
        invalid("uppercase second component", "foo/Bar", UPPERCASE),
        invalid("uppercase path on docker.io", "docker.io/Foo/bar", UPPERCASE),
        invalid("uppercase path after port", "test:5000/Uppercase/lowercase:tag", UPPERCASE),
        invalid("uppercase path on localhost", "localhost/Foo", UPPERCASE),
        invalid("uppercase path with digest", "nginX@sha256:" + H64, UPPERCASE),
        // Missing parts and stray separators.
        invalid("tag only", ":justtag", GRAMMAR),
        invalid("digest only", "@sha256:" + H64, GRAMMAR),
        invalid("colon without tag", "nginx:", GRAMMAR),
        invalid("at without digest", "nginx@", GRAMMAR),
        invalid("empty tag before digest", "nginx:@sha256:" + H64, GRAMMAR),
        invalid("at after tag", "nginx:tag@", GRAMMAR),
        invalid("two tags", "nginx:1.25:extra", GRAMMAR),
        invalid("two digests", "nginx@sha256:" + H64 + "@sha256:" + H64, GRAMMAR),
        invalid("digest before tag", "nginx@sha256:" + H64 + ":tag", GRAMMAR),
        invalid("slash only", "/", GRAMMAR),
        invalid("leading slash", "/nginx", GRAMMAR),
        invalid("trailing slash", "nginx/", GRAMMAR),
        invalid("trailing slash after host", "registry.example/", GRAMMAR),
        invalid("empty component", "a//b", GRAMMAR),
        invalid("leading dash", "-nginx", GRAMMAR),
        invalid("trailing dash", "nginx-", GRAMMAR),
        invalid("leading dot", ".nginx", GRAMMAR),
        invalid("trailing dot", "nginx.", GRAMMAR),
        invalid("leading underscore", "_nginx", GRAMMAR),
        invalid("trailing underscore", "nginx_", GRAMMAR),
        invalid("component ending in dash", "a/b-", GRAMMAR),
        invalid("component starting with dash", "a/-b", GRAMMAR),
        invalid("three underscores", "a___b", GRAMMAR),
        invalid("two dots", "a..b", GRAMMAR),
        invalid("dot then underscore", "a._b", GRAMMAR),
        invalid("dot then dash", "a.-b", GRAMMAR),
        invalid("dash then underscore", "a-_b", GRAMMAR),
        invalid("punctuation", "aa/asdf$$^/aa", GRAMMAR),
        invalid("plus in path", "a+b", GRAMMAR),
        // Tags.
        invalid("tag starting with dot", "nginx:.tag", GRAMMAR),
        invalid("tag starting with dash", "nginx:-tag", GRAMMAR),
        invalid("tag of 129 characters", "nginx:" + "t".repeat(129), GRAMMAR),
        invalid("tag with bang", "nginx:tag!", GRAMMAR),
        invalid("tag with plus", "nginx:1+2", GRAMMAR),
        // Digests.
        invalid("sha256 with 63 hex", "nginx@sha256:" + H64.substring(1), DIGEST),
        invalid("sha256 with 65 hex", "nginx@sha256:" + H64 + "0", DIGEST),
        invalid(
            "sha256 with uppercase hex", "nginx@sha256:" + H64.toUpperCase(Locale.ROOT), DIGEST),
        invalid("sha384 with 64 hex", "nginx@sha384:" + H64, DIGEST),
        invalid("sha512 with 64 hex", "nginx@sha512:" + H64, DIGEST),
        invalid("sha512 with 127 hex", "nginx@sha512:" + H128.substring(1), DIGEST),
        invalid("short sha256 digest", "repo@sha256:" + "f".repeat(34), DIGEST),
        invalid("md5", "nginx@md5:" + "a".repeat(32), ALGORITHM),
        invalid("unknown algorithm", "validname@invaliddigest:" + H64, ALGORITHM),
        invalid("algorithm with encoding", "nginx@sha256+b64u:" + H64, ALGORITHM),
        invalid("uppercase algorithm", "nginx@SHA256:" + H64, ALGORITHM),
        invalid("digest under 32 hex", "nginx@sha256:" + "a".repeat(31), GRAMMAR),
        invalid("digest with non-hex", "nginx@sha256:g" + H64.substring(1), GRAMMAR),
        invalid("digest without algorithm", "nginx@:" + H64, GRAMMAR),
        // Registry hosts.
        invalid("IPv6 without path", "[2001:db8::1]", GRAMMAR),
        invalid("IPv6 with port, no path", "[2001:db8::1]:5000", GRAMMAR),
        invalid("IPv6 with tag, no path", "[2001:db8::1]:tag", GRAMMAR),
        invalid("IPv6 zone", "[fe80::1%eth0]:5000/repo", HOST),
        invalid("IPv6 zone with at", "[fe80::1%@invalidzone]:5000/repo", HOST),
        invalid("empty brackets", "[]/repo", GRAMMAR),
        invalid("IPv6 without brackets", "2001:db8::1/repo", HOST),
        invalid("host starting with dash", "-foo.com/x", HOST),
        invalid("host component ending with dash", "foo-.com/x", HOST),
        invalid("empty host component", "foo..com/x", HOST),
        invalid("empty port", "foo.com:/x", HOST),
        invalid("port with letters", "foo.com:80a/x", HOST),
        invalid("two ports", "foo.com:5000:6000/x", HOST),
        invalid("underscore host with port", "foo_bar.com:8080/x", HOST),
        invalid("URL scheme", "http://registry.example/x", HOST),
        invalid("uppercase host with underscore", "Foo_bar/x", HOST),
        invalid("tag in the first component", "nginx:ta/g", HOST),
        // Length: the path may have at most 255 characters.
        invalid("official path of 256", "a".repeat(248), LENGTH),
        invalid("path of 256", "team/" + "a".repeat(251), LENGTH),
        invalid("path of 257 components", "a/".repeat(128) + "a:tag", LENGTH),
        invalid("registry path of 256", "r.example/" + "b".repeat(256), LENGTH),
        invalid("domain-less path of 256", "a_b.c/" + "d".repeat(250), LENGTH));
  }

  private static Arguments invalid(String description, String image, String reason) {
    return Arguments.of(description, image, reason);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidImages")
  void parse_invalidImage_throwsWithReason(String description, String image, String reason) {
    InvalidImageException e =
        catchThrowableOfType(InvalidImageException.class, () -> ImageName.parse(image));

    assertThat(e).as("exception for %s", description).isNotNull();
    assertThat(e.getMessage()).contains(reason);
    assertThat(ImageName.tryParse(image)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidImages")
  void parse_invalidImage_messageIsPrintableAscii(String description, String image, String r) {
    InvalidImageException e =
        catchThrowableOfType(InvalidImageException.class, () -> ImageName.parse(image));

    assertThat(e.getMessage()).matches("[\\x20-\\x7e]+");
    if (!image.matches("[\\x20-\\x7e]*")) {
      assertThat(e.getMessage()).doesNotContain(image);
    }
  }
}
