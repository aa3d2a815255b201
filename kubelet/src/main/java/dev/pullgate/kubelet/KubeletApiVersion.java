package dev.pullgate.kubelet;

/**
 * An {@code apiVersion} of the kubelet's image manager files. Both versions have the same fields;
 * readers accept either, writers use {@link #DEFAULT}.
 */
public enum KubeletApiVersion {
  /** {@code kubelet.config.k8s.io/v1alpha1}, written by kubelets while the feature was alpha. */
  V1ALPHA1("kubelet.config.k8s.io/v1alpha1"),
  /** {@code kubelet.config.k8s.io/v1beta1}, written by kubelets since the feature went beta. */
  V1BETA1("kubelet.config.k8s.io/v1beta1");

  /** The version written unless a caller asks for another. */
  public static final KubeletApiVersion DEFAULT = V1BETA1;

  private final String value;

  KubeletApiVersion(String value) {
    this.value = value;
  }

  /** The version as it appears in a file's {@code apiVersion} field. */
  public String value() {
    return value;
  }

  /** The version whose {@link #value()} is {@code apiVersion}, or null when there is none. */
  static KubeletApiVersion fromValue(String apiVersion) {
    for (KubeletApiVersion version : values()) {
      if (version.value.equals(apiVersion)) {
        return version;
      }
    }
    return null;
  }
}
