package dev.pullgate.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Ordering and completeness of service account coordinates. */
class ServiceAccountCoordinatesTest {

  @Test
  void compareTo_sortsByNamespaceThenNameThenUid() {
    ServiceAccountCoordinates a = new ServiceAccountCoordinates("z-uid", "a-ns", "z-name");
    ServiceAccountCoordinates b = new ServiceAccountCoordinates("b-uid", "b-ns", "a-name");
    ServiceAccountCoordinates c = new ServiceAccountCoordinates("a-uid", "b-ns", "b-name");
    ServiceAccountCoordinates d = new ServiceAccountCoordinates("b-uid", "b-ns", "b-name");
    List<ServiceAccountCoordinates> shuffled = new ArrayList<>(List.of(d, b, c, a));
    shuffled.sort(null);
    assertThat(shuffled).containsExactly(a, b, c, d);
  }

  @Test
  void compareTo_sameFields_isZeroAndEqual() {
    ServiceAccountCoordinates a = new ServiceAccountCoordinates("uid", "ns", "name");
    ServiceAccountCoordinates b = new ServiceAccountCoordinates("uid", "ns", "name");
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isEqualTo(b);
    assertThat(new TreeSet<>(List.of(a, b))).hasSize(1);
  }

  @Test
  void compareTo_emptyFieldSortsFirst() {
    ServiceAccountCoordinates empty = new ServiceAccountCoordinates("uid", "", "name");
    ServiceAccountCoordinates full = new ServiceAccountCoordinates("uid", "ns", "name");
    assertThat(empty.compareTo(full)).isNegative();
    assertThat(full.compareTo(empty)).isPositive();
  }

  @Test
  void isComplete_allFieldsSet_true() {
    assertThat(new ServiceAccountCoordinates("uid", "ns", "name").isComplete()).isTrue();
  }

  @Test
  void isComplete_anyFieldEmpty_false() {
    assertThat(new ServiceAccountCoordinates("", "ns", "name").isComplete()).isFalse();
    assertThat(new ServiceAccountCoordinates("uid", "", "name").isComplete()).isFalse();
    assertThat(new ServiceAccountCoordinates("uid", "ns", "").isComplete()).isFalse();
  }

  @Test
  void requireComplete_incomplete_rejectedNamingField() {
    ServiceAccountCoordinates complete = new ServiceAccountCoordinates("uid", "ns", "name");
    assertThat(complete.requireComplete("serviceAccount")).isSameAs(complete);
    assertThatThrownBy(
            () ->
                new ServiceAccountCoordinates("uid", "", "name").requireComplete("serviceAccount"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("serviceAccount ");
  }

  @Test
  void constructor_nullField_rejected() {
    assertThatThrownBy(() -> new ServiceAccountCoordinates(null, "ns", "name"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ServiceAccountCoordinates("uid", null, "name"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ServiceAccountCoordinates("uid", "ns", null))
        .isInstanceOf(NullPointerException.class);
  }
}
