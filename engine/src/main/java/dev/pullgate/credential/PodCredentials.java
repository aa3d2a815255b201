package dev.pullgate.credential;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials a pod could pull an image with, asked for lazily: a decision calls these methods
 * only when it must compare credentials, and treats anything they throw as "attempt the pull".
 */
public interface PodCredentials {

  /** The pod's pull secrets that apply to the image: one entry per applicable registry entry. */
  List<SecretCredential> secrets();

  /** The pod's service account, when a credential provider pulls with its token. */
  Optional<ServiceAccountCoordinates> serviceAccount();

  /** A pod with no pull secrets and no service account credentials. */
  static PodCredentials none() {
    return of(List.of(), null);
  }

  /** Fixed credentials; {@code serviceAccount} may be null. */
  static PodCredentials of(
      List<SecretCredential> secrets, ServiceAccountCoordinates serviceAccount) {
    List<SecretCredential> copy = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
    Optional<ServiceAccountCoordinates> account = Optional.ofNullable(serviceAccount);
    return new PodCredentials() {
      @Override
      public List<SecretCredential> secrets() {
        return copy;
      }

      @Override
      public Optional<ServiceAccountCoordinates> serviceAccount() {
        return account;
      }

      @Override
      public String toString() {
        return "PodCredentials[secrets=" + copy.size() + ", serviceAccount=" + account + "]";
      }
    };
  }
}
