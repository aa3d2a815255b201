package dev.pullgate.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The kubelet hashes of an agent's pull secrets, kept per secret uid, resourceVersion and registry
 * entry, so that an agent does not hash the same docker config again on every pod start. Bounded
 * (least recently used entries go first) and safe for many threads.
 *
 * <p>It never holds a raw credential: on a miss it asks for the registry entry, hashes it and drops
 * it. A secret's new resourceVersion is a new key, so a rotated secret is hashed afresh; old
 * versions age out. The same {@link SecretCredential} instance is returned for as long as it is
 * cached, which keeps decisions from recomputing what they derive from it.
 */
public final class CredentialHashCache {
  private final Cache<Key, SecretCredential> secrets;

  /**
   * A cache of at most {@code maxEntries} hashed registry entries.
   *
   * @param maxEntries how many hashed entries to keep, at least 1
   * @throws IllegalArgumentException when {@code maxEntries} is not positive
   */
  public CredentialHashCache(long maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
    }
    this.secrets = Caffeine.newBuilder().maximumSize(maxEntries).recordStats().build();
  }

  /**
   * The secret at {@code coordinates}, version {@code resourceVersion}, as a pod presents it for
   * the registry entry {@code registry} of its docker config: the entry that {@code auth} yields is
   * hashed only when this triple is not cached.
   *
   * @param registry the key of the docker config entry that applies to the image (such as {@code
   *     registry.example} or {@code https://index.docker.io/v1/})
   * @param auth yields the registry entry on a miss; it is not kept
   * @param coordinates the secret's uid, namespace and name
   * @param resourceVersion the secret's {@code metadata.resourceVersion}, which changes when it
   *     does
   * @return the secret as records keep it
   */
  public SecretCredential secret(
      SecretCoordinates coordinates,
      String resourceVersion,
      String registry,
      Supplier<RegistryAuth> auth) {
    Objects.requireNonNull(coordinates, "coordinates");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(auth, "auth");
    return secrets.get(
        new Key(coordinates, resourceVersion, registry),
        key -> new SecretCredential(coordinates, CredentialHash.of(auth.get())));
  }

  /** {@return how many registry entries were hashed because they were not cached} */
  public long hashed() {
    return secrets.stats().missCount();
  }

  /** {@return how many lookups found the hash cached} */
  public long reused() {
    return secrets.stats().hitCount();
  }

  /** What one cached hash is kept under. */
  private record Key(SecretCoordinates coordinates, String resourceVersion, String registry) {}
}
