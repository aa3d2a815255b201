package dev.pullgate.credential;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials a pod could pull an image with, asked for lazily: a decision calls these methods
 * only when it must compare credentials, outside any store transaction, and treats anything they
 * throw (or a null where a value belongs) as "attempt the pull".
 */
public interface PodCredentials {

  /**
   * {@return the pod's pull secrets that apply to the image: one entry per applicable registry
   * entry}
   */
  List<SecretCredential> secrets();

  /** {@return the pod's service account, when a credential provider pulls with its token} */
  Optional<ServiceAccountCoordinates> serviceAccount();

  /** {@return a pod with no pull secrets and no service account credentials} */
  static PodCredentials none() {
    return Fixed.NONE;
  }

  /**
   * Credentials known already; {@code serviceAccount} may be null.
   *
   * @param secrets the pod's pull secrets
   * @param serviceAccount the pod's service account, or null
   * @return the credentials
   * @throws NullPointerException when {@code secrets} is or holds null
   */
  static PodCredentials of(
      List<SecretCredential> secrets, ServiceAccountCoordinates serviceAccount) {
    return new Fixed(secrets, serviceAccount);
  }

  /**
   * Credentials known already, immutable: a decision may compare them while it reads a record in
   * place, without asking for them first.
   *
   * @param secretList the pod's pull secrets
   * @param account the pod's service account, or null
   */
  record Fixed(List<SecretCredential> secretList, ServiceAccountCoordinates account)
      implements PodCredentials {
    static final Fixed NONE = new Fixed(List.of(), null);

    /**
     * Copies {@code secretList}.
     *
     * @param secretList the pod's pull secrets
     * @param account the pod's service account, or null
     */
    public Fixed {
      secretList = List.copyOf(Objects.requireNonNull(secretList, "secrets"));
    }

    @Override
    public List<SecretCredential> secrets() {
      return secretList;
    }

    @Override
    public Optional<ServiceAccountCoordinates> serviceAccount() {
      return Optional.ofNullable(account);
    }

    @Override
    public String toString() {
      return "PodCredentials[secrets=" + secretList.size() + ", serviceAccount=" + account + "]";
    }
  }
}
