package dev.pullgate.credential;

import java.util.Comparator;
import java.util.Objects;

/**
 * A Kubernetes service account whose token a credential provider used to pull an image: its uid,
 * namespace and name.
 *
 * <p>Each field is empty or has the form Kubernetes gives it: the namespace a DNS-1123 label, the
 * name a DNS-1123 subdomain, the uid 1 to 128 printable ASCII characters without whitespace; the
 * constructor rejects anything else with an {@link IllegalArgumentException} that names the field
 * and never echoes the value. Fields may be empty when they come from an imported record, but an
 * empty field never matches anything; see {@link #isComplete()}.
 */
public record ServiceAccountCoordinates(String uid, String namespace, String name)
    implements Comparable<ServiceAccountCoordinates> {
  private static final Comparator<ServiceAccountCoordinates> ORDER =
      Comparator.comparing(ServiceAccountCoordinates::namespace)
          .thenComparing(ServiceAccountCoordinates::name)
          .thenComparing(ServiceAccountCoordinates::uid);

  /**
   * Checks that each field is empty or has the form Kubernetes gives it.
   *
   * @param uid the uid, or empty
   * @param namespace the namespace, or empty
   * @param name the name, or empty
   * @throws IllegalArgumentException naming the field that has another form
   */
  public ServiceAccountCoordinates {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    KubernetesNames.requireUid(uid, "service account uid");
    KubernetesNames.requireNamespace(namespace, "service account namespace");
    KubernetesNames.requireName(name, "service account name");
  }

  /** {@return whether every field is non-empty, so that this service account can match} */
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
  public ServiceAccountCoordinates requireComplete(String field) {
    if (!isComplete()) {
      throw new IllegalArgumentException(field + " must have a non-empty uid, namespace and name");
    }
    return this;
  }

  /** Orders by namespace, name, then uid, as records keep their sets. */
  @Override
  public int compareTo(ServiceAccountCoordinates other) {
    return ORDER.compare(this, other);
  }
}
