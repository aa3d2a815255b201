package dev.pullgate.record;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who may use an image under one image name: either every pod on the node ({@link
 * #nodePodsAccessible()}), or the pods that hold one of a set of secrets or run as one of a set of
 * service accounts, each remembered with the time a registry last accepted it.
 *
 * <p>Immutable; the readable view of one entry of a stored record, built on demand for tools and
 * tests (decisions probe the stored bytes instead, see {@link RecordFormat}). Secrets are unique by
 * coordinates and service accounts by coordinates; both lists are sorted by namespace, name, uid.
 * Lookups scan, which is fine for a view.
 */
public final class CredentialSet {
  private static final CredentialSet NODE_ACCESSIBLE =
      new CredentialSet(true, List.of(), List.of());
  private static final CredentialSet EMPTY = new CredentialSet(false, List.of(), List.of());

  private final boolean nodePodsAccessible;
  private final List<Secret> secrets;
  private final List<ServiceAccount> serviceAccounts;

  private CredentialSet(
      boolean nodePodsAccessible, List<Secret> secrets, List<ServiceAccount> serviceAccounts) {
    this.nodePodsAccessible = nodePodsAccessible;
    this.secrets = secrets;
    this.serviceAccounts = serviceAccounts;
  }

  /** {@return the set that lets every pod on the node use the image} */
  public static CredentialSet nodePodsAccessible() {
    return NODE_ACCESSIBLE;
  }

  /** {@return the set that lets no pod use the image (no secrets, no service accounts)} */
  public static CredentialSet empty() {
    return EMPTY;
  }

  /**
   * The set of these secrets and service accounts. A later entry with the same coordinates as an
   * earlier one replaces it.
   *
   * @param secrets the secrets
   * @param serviceAccounts the service accounts
   * @return the set
   */
  public static CredentialSet of(
      Collection<Secret> secrets, Collection<ServiceAccount> serviceAccounts) {
    Map<SecretCoordinates, Secret> secretsByCoordinates = new TreeMap<>();
    for (Secret secret : secrets) {
      secretsByCoordinates.put(Objects.requireNonNull(secret, "secret").coordinates(), secret);
    }
    Map<ServiceAccountCoordinates, ServiceAccount> accounts = new TreeMap<>();
    for (ServiceAccount account : serviceAccounts) {
      accounts.put(Objects.requireNonNull(account, "serviceAccount").coordinates(), account);
    }
    if (secretsByCoordinates.isEmpty() && accounts.isEmpty()) {
      return EMPTY;
    }
    return new CredentialSet(
        false, List.copyOf(secretsByCoordinates.values()), List.copyOf(accounts.values()));
  }

  /** {@return whether every pod on the node may use the image; then both lists are empty} */
  public boolean isNodePodsAccessible() {
    return nodePodsAccessible;
  }

  /**
   * {@return whether no pod may use the image: not node-accessible, no secrets, no service
   * accounts}
   */
  public boolean isEmpty() {
    return !nodePodsAccessible && secrets.isEmpty() && serviceAccounts.isEmpty();
  }

  /** {@return the secrets, sorted by namespace, name, uid} */
  public List<Secret> secrets() {
    return secrets;
  }

  /** {@return the service accounts, sorted by namespace, name, uid} */
  public List<ServiceAccount> serviceAccounts() {
    return serviceAccounts;
  }

  /**
   * The stored secret whose hash matches {@code hash}, or null; an empty hash never matches.
   *
   * @param hash the hash a pod presents
   * @return the matching secret, or null
   */
  public Secret secretWithHash(CredentialHash hash) {
    if (hash.isEmpty()) {
      return null;
    }
    for (Secret secret : secrets) {
      if (secret.hash().matches(hash)) {
        return secret;
      }
    }
    return null;
  }

  /**
   * The stored secret at {@code coordinates}, or null; incomplete coordinates never match.
   *
   * @param coordinates the coordinates a pod presents
   * @return the secret there, or null
   */
  public Secret secretAt(SecretCoordinates coordinates) {
    if (!coordinates.isComplete()) {
      return null;
    }
    for (Secret secret : secrets) {
      if (secret.coordinates().equals(coordinates)) {
        return secret;
      }
    }
    return null;
  }

  /**
   * The stored service account {@code account}, or null; incomplete ones never match.
   *
   * @param account the pod's service account
   * @return the stored service account, or null
   */
  public ServiceAccount serviceAccount(ServiceAccountCoordinates account) {
    if (!account.isComplete()) {
      return null;
    }
    for (ServiceAccount stored : serviceAccounts) {
      if (stored.coordinates().equals(account)) {
        return stored;
      }
    }
    return null;
  }

  /**
   * {@return the time a registry last accepted any credential of this set, or null when it has
   * none}
   */
  public Instant newestAcceptance() {
    Instant newest = null;
    for (Secret secret : secrets) {
      newest = newest == null || secret.acceptedAt().isAfter(newest) ? secret.acceptedAt() : newest;
    }
    for (ServiceAccount account : serviceAccounts) {
      newest =
          newest == null || account.acceptedAt().isAfter(newest) ? account.acceptedAt() : newest;
    }
    return newest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialSet other
        && nodePodsAccessible == other.nodePodsAccessible
        && secrets.equals(other.secrets)
        && serviceAccounts.equals(other.serviceAccounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodePodsAccessible, secrets, serviceAccounts);
  }

  @Override
  public String toString() {
    if (nodePodsAccessible) {
      return "CredentialSet[nodePodsAccessible]";
    }
    return "CredentialSet[secrets=" + secrets + ", serviceAccounts=" + serviceAccounts + "]";
  }

  /**
   * A pull secret that pulled the image, and when a registry last accepted it.
   *
   * @param coordinates the secret's uid, namespace and name (fields may be empty in imported
   *     records; an empty field never matches)
   * @param hash the credential hash as the store keeps it ({@link CredentialHash#EMPTY} when an
   *     imported record left it blank; it never matches)
   * @param acceptedAt when a registry last accepted this credential: the time of the pull that
   *     proved it (millisecond precision)
   */
  public record Secret(SecretCoordinates coordinates, CredentialHash hash, Instant acceptedAt)
      implements Comparable<Secret> {
    private static final Comparator<Secret> ORDER = Comparator.comparing(Secret::coordinates);

    /**
     * Keeps {@code acceptedAt} to the millisecond, as the store does.
     *
     * @param coordinates the secret's uid, namespace and name
     * @param hash the credential hash as the store keeps it
     * @param acceptedAt when a registry last accepted this credential
     */
    public Secret {
      Objects.requireNonNull(coordinates, "coordinates");
      Objects.requireNonNull(hash, "hash");
      acceptedAt = Objects.requireNonNull(acceptedAt, "acceptedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The secret {@code credential}, accepted by a registry at {@code acceptedAt}.
     *
     * @param credential the secret as a pod presents it
     * @param acceptedAt when a registry accepted it
     * @return the stored secret
     */
    public static Secret of(SecretCredential credential, Instant acceptedAt) {
      return new Secret(credential.coordinates(), credential.hash(), acceptedAt);
    }

    /** {@return the coordinates and hash, as a pod presents them} */
    public SecretCredential credential() {
      return new SecretCredential(coordinates, hash);
    }

    /**
     * This secret with {@code time} as its acceptance time.
     *
     * @param time the new acceptance time
     * @return the changed copy
     */
    public Secret acceptedAt(Instant time) {
      return new Secret(coordinates, hash, time);
    }

    @Override
    public int compareTo(Secret other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * A service account whose token a credential provider pulled the image with, and when a registry
   * last accepted it.
   *
   * @param coordinates the service account's uid, namespace and name
   * @param acceptedAt when a registry last accepted a pull with it (millisecond precision)
   */
  public record ServiceAccount(ServiceAccountCoordinates coordinates, Instant acceptedAt) {
    /**
     * Keeps {@code acceptedAt} to the millisecond, as the store does.
     *
     * @param coordinates the service account's uid, namespace and name
     * @param acceptedAt when a registry last accepted a pull with it
     */
    public ServiceAccount {
      Objects.requireNonNull(coordinates, "coordinates");
      acceptedAt = Objects.requireNonNull(acceptedAt, "acceptedAt").truncatedTo(ChronoUnit.MILLIS);
    }
  }
}
