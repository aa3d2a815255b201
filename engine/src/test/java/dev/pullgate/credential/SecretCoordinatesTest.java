package dev.pullgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Ordering and completeness of pull secret coordinates. */
class SecretCoordinatesTest {

  @Test
  void compareTo_sortsByNamespaceThenNameThenUid() {
    SecretCoordinates a = new SecretCoordinates("z-uid", "a-ns", "z-name");
    SecretCoordinates b = new SecretCoordinates("b-uid", "b-ns", "a-name");
    SecretCoordinates c = new SecretCoordinates("a-uid", "b-ns", "b-name");
    SecretCoordinates d = new SecretCoordinates("b-uid", "b-ns", "b-name");
    List<SecretCoordinates> shuffled = new ArrayList<>(List.of(d, b, c, a));
    shuffled.sort(null);
    assertThat(shuffled).containsExactly(a, b, c, d);
  }

  @Test
  void compareTo_sameFields_isZeroAndEqual() {
    SecretCoordinates a = new SecretCoordinates("uid", "ns", "name");
    SecretCoordinates b = new SecretCoordinates("uid", "ns", "name");
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isEqualTo(b);
    assertThat(new TreeSet<>(List.of(a, b))).hasSize(1);
  }

  @Test
  void compareTo_emptyFieldSortsFirst() {
    SecretCoordinates empty = new SecretCoordinates("uid", "", "name");
    SecretCoordinates full = new SecretCoordinates("uid", "ns", "name");
    assertThat(empty.compareTo(full)).isNegative();
    assertThat(full.compareTo(empty)).isPositive();
  }

  @Test
  void isComplete_allFieldsSet_true() {
    assertThat(new SecretCoordinates("uid", "ns", "name").isComplete()).isTrue();
  }

  @Test
  void isComplete_anyFieldEmpty_false() {
    assertThat(new SecretCoordinates("", "ns", "name").isComplete()).isFalse();
    assertThat(new SecretCoordinates("uid", "", "name").isComplete()).isFalse();
    assertThat(new SecretCoordinates("uid", "ns", "").isComplete()).isFalse();
  }

  @Test
  void requireComplete_incomplete_rejectedNamingField() {
    SecretCoordinates complete = new SecretCoordinates("uid", "ns", "name");
    assertThat(complete.requireComplete("secret")).isSameAs(complete);
    assertThatThrownBy(() -> new SecretCoordinates("uid", "", "name").requireComplete("secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("secret ");
  }

  @Test
  void constructor_nullField_rejected() {
    assertThatThrownBy(() -> new SecretCoordinates(null, "ns", "name"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SecretCoordinates("uid", null, "name"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SecretCoordinates("uid", "ns", null))
        .isInstanceOf(NullPointerException.class);
  }
}
