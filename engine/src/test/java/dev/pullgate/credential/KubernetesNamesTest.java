package dev.pullgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The coordinates of secrets and service accounts accept exactly the Kubernetes forms: namespaces
 * are DNS-1123 labels, names DNS-1123 subdomains, uids printable ASCII without whitespace, and
 * every field may be empty. Both value types are checked alike.
 */
class KubernetesNamesTest {
  private static final String UID = "7d3f0c4e-8a51-4c39-9a0e-2f1b6c0d9e11";
  private static final String ESC = "\u001b[31m";

  /** Coordinates of one kind, made from uid, namespace and name. */
  private interface Kind {
    Object of(String uid, String namespace, String name);
  }

  private static final List<Arguments> KINDS =
      List.of(
          Arguments.of("secret", (Kind) SecretCoordinates::new),
          Arguments.of("service account", (Kind) ServiceAccountCoordinates::new));

  static Stream<Arguments> invalidFields() {
    Stream<String[]> namespaces =
        Stream.of(
                "Team-a",
                "-team",
                "team-",
                "team.a",
                "team_a",
                "a".repeat(64),
                "team" + ESC,
                "t\r\nx",
                "t\u0007",
                "t\u0000",
                "tëam",
                " team")
            .map(v -> new String[] {"namespace", UID, v, "n", v});
    Stream<String[]> names =
        Stream.of(
                "Regcred",
                "reg..cred",
                ".regcred",
                "regcred.",
                "reg_cred",
                "a.-b",
                "a".repeat(254),
                "reg" + ESC,
                "r\n",
                "r\u0000",
                "r\u007f",
                "r\u009b",
                "reg\uD800cred")
            .map(v -> new String[] {"name", UID, "ns", v, v});
    Stream<String[]> uids =
        Stream.of(
                "u i d",
                "uid\t",
                "uid\n",
                "uid" + ESC,
                "u\u0000",
                "u\u007f",
                "ü",
                "u\uD800",
                "u".repeat(129))
            .map(v -> new String[] {"uid", v, "ns", "n", v});
    return Stream.of(namespaces, names, uids)
        .flatMap(s -> s)
        .flatMap(
            row -> KINDS.stream().map(kind -> Arguments.of(kind.get()[0], kind.get()[1], row)));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("invalidFields")
  void constructor_invalidField_isRejectedNamingTheFieldWithoutEchoingTheValue(
      String kindName, Kind kind, String[] row) {
    String field = row[0];
    String value = row[4];

    assertThatThrownBy(() -> kind.of(row[1], row[2], row[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(kindName + " " + field + " must be empty or ")
        .message()
        .doesNotContain(value);
  }

  static Stream<Arguments> validCoordinates() {
    String longestName = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
    Stream<String[]> rows =
        Stream.of(
            new String[] {UID, "team-a", "regcred"},
            new String[] {"uid-team-a-regcred", "kube-system", "default"},
            new String[] {"!", "0", "my.secret.v2"},
            new String[] {"A~z{}[]|:;@", "a1-b2-c3", "a.b-c.d"},
            new String[] {"u".repeat(128), "a".repeat(63), longestName},
            new String[] {"", "", ""},
            new String[] {UID, "", "regcred"});
    return rows.flatMap(
        row -> KINDS.stream().map(kind -> Arguments.of(kind.get()[0], kind.get()[1], row)));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("validCoordinates")
  void constructor_kubernetesFormsAndEmptyFields_areAccepted(
      String kindName, Kind kind, String[] row) {
    assertThat(kind.of(row[0], row[1], row[2])).isNotNull();
  }

  @Test
  void constructor_longestNamesAllowed_areTheKubernetesLimits() {
    String name253 = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);

    assertThat(name253).hasSize(253);
    assertThat(new SecretCoordinates(UID, "a".repeat(63), name253).isComplete()).isTrue();
    assertThatThrownBy(() -> new SecretCoordinates(UID, "ns", name253 + "a"))
        .hasMessageStartingWith("secret name ");
  }

  @Test
  void emptyFields_areAccepted_butNeverComplete() {
    assertThat(new SecretCoordinates("", "", "").isComplete()).isFalse();
    assertThat(new ServiceAccountCoordinates(UID, "", "n").isComplete()).isFalse();
  }
}
