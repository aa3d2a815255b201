package dev.pullgate.credential;

import java.util.Objects;

/**
 * The credentials that a successful pull used. Unknown provenance is written as {@code null} where
 * a method accepts pull credentials.
 */
public sealed interface PullCredentials {

  /** {@return anonymous or node-level credentials: any pod on the node may use the image} */
  static PullCredentials nodePodsAccessible() {
    return NodePodsAccessible.INSTANCE;
  }

  /**
   * A pod pull secret.
   *
   * @param secret the secret
   * @return the pull credentials
   */
  static PullCredentials secret(SecretCredential secret) {
    return new Secret(secret);
  }

  /**
   * A credential provider that pulled with the pod's service account token.
   *
   * @param serviceAccount the service account
   * @return the pull credentials
   */
  static PullCredentials serviceAccount(ServiceAccountCoordinates serviceAccount) {
    return new ServiceAccount(serviceAccount);
  }

  /** Anonymous or node-level credentials. */
  enum NodePodsAccessible implements PullCredentials {
    /** The only instance. */
    INSTANCE
  }

  /** A pod pull secret. */
  record Secret(SecretCredential secret) implements PullCredentials {
    /**
     * Checks that there is a secret.
     *
     * @param secret the secret
     */
    public Secret {
      Objects.requireNonNull(secret, "secret");
    }
  }

  /** A service account token used through a credential provider. */
  record ServiceAccount(ServiceAccountCoordinates serviceAccount) implements PullCredentials {
    /**
     * Checks that there is a service account.
     *
     * @param serviceAccount the service account
     */
    public ServiceAccount {
      Objects.requireNonNull(serviceAccount, "serviceAccount");
    }
  }
}
