package dev.pullgate.credential;

import java.util.Objects;

/**
 * The credentials that a successful pull used. Unknown provenance is written as {@code null} where
 * a method accepts pull credentials.
 */
public sealed interface PullCredentials {

  /** Anonymous or node-level credentials: any pod on the node may use the image. */
  static PullCredentials nodePodsAccessible() {
    return NodePodsAccessible.INSTANCE;
  }

  /** A pod pull secret. */
  static PullCredentials secret(SecretCredential secret) {
    return new Secret(secret);
  }

  /** A credential provider that pulled with the pod's service account token. */
  static PullCredentials serviceAccount(ServiceAccountCoordinates serviceAccount) {
    return new ServiceAccount(serviceAccount);
  }

  /** Anonymous or node-level credentials. */
  enum NodePodsAccessible implements PullCredentials {
    INSTANCE
  }

  /** A pod pull secret. */
  record Secret(SecretCredential secret) implements PullCredentials {
    public Secret {
      Objects.requireNonNull(secret, "secret");
    }
  }

  /** A service account token used through a credential provider. */
  record ServiceAccount(ServiceAccountCoordinates serviceAccount) implements PullCredentials {
    public ServiceAccount {
      Objects.requireNonNull(serviceAccount, "serviceAccount");
    }
  }
}
