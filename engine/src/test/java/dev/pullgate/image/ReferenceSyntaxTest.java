package dev.pullgate.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The grammar's productions as scans: -1 for a match, else the index where the input stops being
 * the production, which error messages report. The differential test checks which inputs match;
 * these tables pin the indexes.
 */
class ReferenceSyntaxTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "foo.com,         -1",
    "a,               -1",
    "a-b.C-9:5000,    -1",
    "[::1],           -1",
    "[2001:db8::1]:0, -1",
    "'',              0",
    "-foo.com,        0",
    "foo-.com,        3",
    "foo..com,        4",
    "foo.com.,        8",
    "foo.com:,        8",
    "foo.com:80a,     10",
    "foo.com:5:6,     9",
    "foo_bar.com,     3",
    "[],              1",
    "[::1,            4",
    "[::g],           3",
    "[::1]x,          5",
  })
  void domainFault_host_isMinusOneOrWhereItStops(String host, int fault) {
    assertThat(ReferenceSyntax.domainFault(host, 0, host.length())).isEqualTo(fault);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "a.b_c__d-e---f, -1",
    "0,              -1",
    "'',             0",
    "-a,             0",
    "a-,             2",
    "a___b,          3",
    "a..b,           2",
    "a._b,           2",
    "a-_b,           2",
    "a$b,            1",
    "aB,             1",
  })
  void pathComponentFault_component_isMinusOneOrWhereItStops(String component, int fault) {
    assertThat(ReferenceSyntax.pathComponentFault(component, 0, component.length()))
        .isEqualTo(fault);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "a/b/c,  -1",
    "a//b,   2",
    "/a,     0",
    "a/,     2",
    "a/b-/c, 4",
  })
  void remoteNameFault_path_isMinusOneOrWhereItStops(String path, int fault) {
    assertThat(ReferenceSyntax.remoteNameFault(path, 0, path.length())).isEqualTo(fault);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "sha256:0123456789abcdef0123456789ABCDEF,      -1",
    "a.b-c_d+e:0123456789abcdef0123456789abcdef,   -1",
    "sha256,                                       6",
    "sha256:0123456789abcdef,                      23",
    "sha256:0123456789abcdef0123456789abcdefg,     39",
    "9a:0123456789abcdef0123456789abcdef,          0",
    "a-:0123456789abcdef0123456789abcdef,          2",
    "a..b:0123456789abcdef0123456789abcdef,        2",
    ":0123456789abcdef0123456789abcdef,            0",
  })
  void digestFault_digest_isMinusOneOrWhereItStops(String digest, int fault) {
    assertThat(ReferenceSyntax.digestFault(digest, 0, digest.length())).isEqualTo(fault);
  }
}
