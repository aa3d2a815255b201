package dev.pullgate.credential;

import java.util.Objects;

/** A pull secret as records keep it: its coordinates and the hash of its registry credential. */
public record SecretCredential(SecretCoordinates coordinates, CredentialHash hash) {
  /**
   * Checks that neither part is null.
   *
   * @param coordinates where the secret lives
   * @param hash the hash of its registry credential
   */
  public SecretCredential {
    Objects.requireNonNull(coordinates, "coordinates");
    Objects.requireNonNull(hash, "hash");
  }

  /**
   * A secret from its uid, namespace, name and credential hash.
   *
   * @param uid the secret's uid
   * @param namespace the secret's namespace
   * @param name the secret's name
   * @param hash the hash of its registry credential
   * @return the secret
   */
  public static SecretCredential of(
      String uid, String namespace, String name, CredentialHash hash) {
    return new SecretCredential(new SecretCoordinates(uid, namespace, name), hash);
  }
}
