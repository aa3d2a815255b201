package dev.pullgate.credential;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where a Kubernetes pull secret lives: its uid, namespace and name.
 *
 * <p>Each field is empty or has the form Kubernetes gives it: the namespace a DNS-1123 label, the
 * name a DNS-1123 subdomain, the uid 1 to 128 printable ASCII characters without whitespace; the
 * constructor rejects anything else with an {@link IllegalArgumentException} that names the field
 * and never echoes the value. Fields may be empty when they come from an imported record, but an
 * empty field never matches anything (a deviation from the kubelet, which compares empty strings as
 * equal); see {@link #isComplete()}.
 */
public record SecretCoordinates(String uid, String namespace, String name)
    implements Comparable<SecretCoordinates> {
  private static final Comparator<SecretCoordinates> ORDER =
      Comparator.comparing(SecretCoordinates::namespace)
          .thenComparing(SecretCoordinates::name)
          .thenComparing(SecretCoordinates::uid);

  /**
   * Checks that each field is empty or has the form Kubernetes gives it.
   *
   * @param uid the uid, or empty
   * @param namespace the namespace, or empty
   * @param name the name, or empty
   * @throws IllegalArgumentException naming the field that has another form
   */
  public SecretCoordinates {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    KubernetesNames.requireUid(uid, "secret uid");
    KubernetesNames.requireNamespace(namespace, "secret namespace");
    KubernetesNames.requireName(name, "secret name");
  }

  /** {@return whether every field is non-empty, so that these coordinates can match} */
  public boolean isComplete() {
    return !uid.isEmpty() && !namespace.isEmpty() && !name.isEmpty();
  }

  /**
   * Throws an {@link IllegalArgumentException} naming {@code field} unless every field is
   * non-empty.
   *
   * @param field the name of the argument, for the message
   * @return these coordinates
   */
  public SecretCoordinates requireComplete(String field) {
    if (!isComplete()) {
      throw new IllegalArgumentException(field + " must have a non-empty uid, namespace and name");
    }
    return this;
  }

  /** Orders by namespace, name, then uid, as records keep their sets. */
  @Override
  public int compareTo(SecretCoordinates other) {
    return ORDER.compare(this, other);
  }
}
