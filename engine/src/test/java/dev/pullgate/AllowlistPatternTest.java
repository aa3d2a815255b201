package dev.pullgate;

import static dev.pullgate.image.Vectors.H64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pullgate.image.ImageName;
import dev.pullgate.image.InvalidImageException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Allowlist entries (ENGINE-SPEC §4): which are accepted and what they match. */
class AllowlistPatternTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "registry.example/team/app",
        "docker.io/library/nginx",
        "docker.io/team/app",
        "localhost/x",
        "localhost:5000/a/b",
        "[::1]:5000/x",
        "Foo/bar",
        "foo_bar.com/x"
      })
  void parse_fullyQualifiedName_isExactEntry(String entry) {
    AllowlistPattern pattern = AllowlistPattern.parse(entry);

    assertThat(pattern.isWildcard()).isFalse();
    assertThat(pattern).hasToString(entry);
    assertThat(pattern.matches(entry)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "registry.example/*",
        "registry.example/team/*",
        "registry.example:5000/*",
        "localhost/*",
        "[::1]:5000/*",
        "docker.io/*",
        "docker.io/library/*",
        // Like the kubelet, the host need not look like a registry: these never match anything.
        "team/*",
        "nginx/*",
        "index.docker.io/*",
        "Registry.Example/Team/*"
      })
  void parse_prefixEndingInSlashStar_isWildcardEntry(String entry) {
    AllowlistPattern pattern = AllowlistPattern.parse(entry);

    assertThat(pattern.isWildcard()).isTrue();
    assertThat(pattern).hasToString(entry);
  }

  static Stream<Arguments> rejectedEntries() {
    return Stream.of(
        Arguments.of("", "must not be empty"),
        Arguments.of(" registry.example/app", "surrounding whitespace"),
        Arguments.of("registry.example/app ", "surrounding whitespace"),
        Arguments.of("registry.example/*\t", "surrounding whitespace"),
        Arguments.of("\nregistry.example/*", "surrounding whitespace"),
        Arguments.of("registry example/*", "whitespace, a control or a non-ASCII"),
        Arguments.of("régistry.example/*", "whitespace, a control or a non-ASCII"),
        Arguments.of("registry.example\u0000/*", "whitespace, a control or a non-ASCII"),
        Arguments.of("/*", "at least a registry host"),
        Arguments.of("*", "only as a final '/*'"),
        Arguments.of("*/*", "only as a final '/*'"),
        Arguments.of("registry.example/*/app", "only as a final '/*'"),
        Arguments.of("registry.example/te*", "only as a final '/*'"),
        Arguments.of("registry.example/team*/*", "only as a final '/*'"),
        Arguments.of("registry.example/**", "only as a final '/*'"),
        Arguments.of("registry.example/app:v1", "tag or digest"),
        Arguments.of("registry.example/app@sha256:" + H64, "tag or digest"),
        Arguments.of("registry.example/app:v1@sha256:" + H64, "tag or digest"),
        Arguments.of("nginx", "fully qualified, as in 'docker.io/library/nginx'"),
        Arguments.of("library/nginx", "fully qualified, as in 'docker.io/library/nginx'"),
        Arguments.of("docker.io/nginx", "fully qualified, as in 'docker.io/library/nginx'"),
        Arguments.of("team/app", "fully qualified, as in 'docker.io/team/app'"),
        Arguments.of("index.docker.io/team/app", "fully qualified, as in 'docker.io/team/app'"),
        Arguments.of("registry.example/", "must not end with '/'"),
        Arguments.of("registry.example/team/", "must not end with '/'"),
        Arguments.of("registry.example/Team", "not a valid image name"),
        Arguments.of(H64, "not a valid image name"),
        Arguments.of("registry.example", "as in 'docker.io/library/registry.example'"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejectedEntries")
  void parse_rejectedEntry_throwsWithReason(String entry, String reason) {
    InvalidImageException e =
        catchThrowableOfType(InvalidImageException.class, () -> AllowlistPattern.parse(entry));

    assertThat(e).as("exception for '%s'", entry).isNotNull();
    assertThat(e.getMessage()).contains(reason).matches("[\\x20-\\x7e]+");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "robot:hunter2@registry.example/*",
        "robot:hunter2@registry.example/team/*",
        "https://robot:hunter2@registry.example/*",
        "robot@registry.example/*",
        "registry.example/robot:hunter2@x/*",
        "robot:hunter2@registry.example/team/app"
      })
  void parse_entryThatMayHoldUserinfo_isRejectedWithoutEchoingIt(String entry) {
    InvalidImageException e =
        catchThrowableOfType(InvalidImageException.class, () -> AllowlistPattern.parse(entry));

    assertThat(e).as("exception for an entry with userinfo").isNotNull();
    assertThat(e.getMessage())
        .contains("not shown because it may hold credentials")
        .doesNotContain("hunter2")
        .doesNotContain("robot");
  }

  @ParameterizedTest(name = "[{index}] {0} matches {1}: {2}")
  @CsvSource({
    "registry.example/*,        registry.example/a,             true",
    "registry.example/*,        registry.example/a/b,           true",
    "registry.example/*,        registry.example.evil/a,        false",
    "registry.example/*,        registry.example:5000/a,        false",
    "registry.example/*,        evil.example/registry.example/a, false",
    "registry.example/team/*,   registry.example/team/app,      true",
    "registry.example/team/*,   registry.example/team/sub/app,  true",
    "registry.example/team/*,   registry.example/teammate/app,  false",
    "registry.example/team/*,   registry.example/team,          false",
    "docker.io/library/*,       docker.io/library/nginx,        true",
    "docker.io/library/*,       docker.io/team/nginx,           false",
    "registry.example/team/app, registry.example/team/app,      true",
    "registry.example/team/app, registry.example/team/app/sub,  false",
    "registry.example/team/app, registry.example/team/ap,       false",
    "registry.example/team/app, registry.example/team/apps,     false",
    "docker.io/library/nginx,   docker.io/library/nginx,        true",
    "docker.io/library/nginx,   docker.io/library/nginx2,       false",
  })
  void matches_normalisedName_followsExactOrPrefixRule(
      String entry, String imageName, boolean expected) {
    assertThat(AllowlistPattern.parse(entry).matches(imageName)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} matches {1}: {2}")
  @CsvSource({
    "registry.example/*,        registry.example/a:v1,          true",
    "registry.example/*,        registry.example.evil/a,        false",
    "registry.example/*,        registry.example:5000/a,        false",
    "registry.example/team/*,   registry.example/team/app@sha256:" + H64 + ", true",
    "registry.example/team/*,   registry.example/teammate/app,  false",
    "registry.example/team/*,   registry.example/team,          false",
    "docker.io/library/*,       nginx:1.25,                     true",
    "docker.io/library/*,       index.docker.io/nginx,          true",
    "docker.io/library/*,       team/nginx,                     false",
    "docker.io/*,               team/nginx,                     true",
    "docker.io/library/nginx,   nginx,                          true",
    "docker.io/library/nginx,   docker.io/nginx:latest,         true",
    "docker.io/library/nginx,   nginx2,                         false",
    "docker.io/library/nginx,   ngin,                           false",
    "registry.example/team/app, registry.example/team/app:v1,   true",
    "registry.example/team/app, registry.example/team/app/sub,  false",
    "registry.example/team/app, registry.example/team/ap,       false",
    "foo_bar.com/x,             foo_bar.com/x:v1,               true",
    "registry.example/*,        Registry.example/a,             false",
    "registry.example/*,        registry.example/A,             false",
  })
  void matchesNameOf_image_matchesItsNormalisedName(String entry, String image, boolean expected) {
    AllowlistPattern pattern = AllowlistPattern.parse(entry);
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse(image);

    assertThat(pattern.matchesNameOf(cursor)).isEqualTo(expected);
    if (cursor.length() > 0) {
      assertThat(pattern.matches(cursor.toString())).isEqualTo(expected);
    }
  }

  @Test
  void matchesNameOf_cursorWithoutImage_matchesNothing() {
    ImageName.Cursor cursor = new ImageName.Cursor();
    cursor.parse("registry.example/Team");

    assertThat(AllowlistPattern.parse("registry.example/*").matchesNameOf(cursor)).isFalse();
    assertThat(AllowlistPattern.parse("registry.example/team").matchesNameOf(cursor)).isFalse();
  }

  @Test
  void matches_familiarImage_matchesOnceNormalised() {
    AllowlistPattern pattern = AllowlistPattern.parse("docker.io/library/nginx");

    assertThat(pattern.matches(ImageName.parse("nginx:1.25").name())).isTrue();
    assertThat(pattern.matches("nginx")).isFalse();
  }

  @Test
  void matches_null_throwsNullPointerException() {
    AllowlistPattern pattern = AllowlistPattern.parse("registry.example/*");

    assertThatNullPointerException().isThrownBy(() -> pattern.matches(null));
  }

  @Test
  void parse_null_throwsNullPointerException() {
    assertThatNullPointerException().isThrownBy(() -> AllowlistPattern.parse(null));
  }

  @Test
  void equals_sameEntry_isEqual() {
    assertThat(AllowlistPattern.parse("registry.example/*"))
        .isEqualTo(AllowlistPattern.parse("registry.example/*"))
        .hasSameHashCodeAs(AllowlistPattern.parse("registry.example/*"))
        .isNotEqualTo(AllowlistPattern.parse("registry.example/team/*"));
  }

  @Test
  void allowlistParse_entryWithCredentials_messageLeavesThemOut() {
    InvalidImageException e =
        catchThrowableOfType(
            InvalidImageException.class, () -> AllowlistPattern.parse("user:s3cret@host/app"));

    assertThat(e.getMessage()).contains("allowlist entry").doesNotContain("s3cret");
  }
}
