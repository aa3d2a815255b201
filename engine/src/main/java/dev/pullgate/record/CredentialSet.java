package dev.pullgate.record;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may use an image under one image name: either every pod on the node ({@link
 * #nodePodsAccessible()}), or the pods that hold one of a set of secrets or run as one of a set of
 * service accounts.
 *
 * <p>Immutable. Secrets are unique by coordinates (each with one hash) and service accounts unique
 * as a whole; both lists are sorted by namespace, name, uid. Lookups by hash, by coordinates and by
 * service account use indexes built once, so matching never scans.
 */
public final class CredentialSet {
  private static final CredentialSet NODE_ACCESSIBLE =
      new CredentialSet(true, List.of(), List.of());
  private static final CredentialSet EMPTY = new CredentialSet(false, List.of(), List.of());

  private final boolean nodePodsAccessible;
  private final List<SecretCredential> secrets;
  private final List<ServiceAccountCoordinates> serviceAccounts;
  private final Map<CredentialHash, SecretCredential> secretByHash;
  private final Map<SecretCoordinates, SecretCredential> secretByCoordinates;
  private final Set<ServiceAccountCoordinates> serviceAccountSet;

  private CredentialSet(
      boolean nodePodsAccessible,
      List<SecretCredential> secrets,
      List<ServiceAccountCoordinates> serviceAccounts) {
    this.nodePodsAccessible = nodePodsAccessible;
    this.secrets = secrets;
    this.serviceAccounts = serviceAccounts;
    this.secretByHash = new HashMap<>(capacityFor(secrets.size()));
    this.secretByCoordinates = new HashMap<>(capacityFor(secrets.size()));
    for (SecretCredential secret : secrets) {
      secretByCoordinates.put(secret.coordinates(), secret);
      if (!secret.hash().isEmpty()) {
        secretByHash.putIfAbsent(secret.hash(), secret);
      }
    }
    this.serviceAccountSet = new HashSet<>(serviceAccounts);
  }

  /** The set that lets every pod on the node use the image. */
  public static CredentialSet nodePodsAccessible() {
    return NODE_ACCESSIBLE;
  }

  /** The set that lets no pod use the image (no secrets, no service accounts). */
  public static CredentialSet empty() {
    return EMPTY;
  }

  /**
   * The set of these secrets and service accounts. A later secret with the same coordinates as an
   * earlier one replaces it; duplicate service accounts collapse.
   */
  public static CredentialSet of(
      Collection<SecretCredential> secrets, Collection<ServiceAccountCoordinates> serviceAccounts) {
    Map<SecretCoordinates, SecretCredential> byCoordinates = new TreeMap<>();
    for (SecretCredential secret : secrets) {
      byCoordinates.put(Objects.requireNonNull(secret, "secret").coordinates(), secret);
    }
    Set<ServiceAccountCoordinates> accounts = new TreeSet<>();
    for (ServiceAccountCoordinates account : serviceAccounts) {
      accounts.add(Objects.requireNonNull(account, "serviceAccount"));
    }
    if (byCoordinates.isEmpty() && accounts.isEmpty()) {
      return EMPTY;
    }
    return new CredentialSet(
        false, List.copyOf(byCoordinates.values()), List.copyOf(new ArrayList<>(accounts)));
  }

  /** Whether every pod on the node may use the image; then both lists are empty. */
  public boolean isNodePodsAccessible() {
    return nodePodsAccessible;
  }

  /** Whether no pod may use the image: not node-accessible, no secrets, no service accounts. */
  public boolean isEmpty() {
    return !nodePodsAccessible && secrets.isEmpty() && serviceAccounts.isEmpty();
  }

  /** The secrets, sorted by namespace, name, uid. */
  public List<SecretCredential> secrets() {
    return secrets;
  }

  /** The service accounts, sorted by namespace, name, uid. */
  public List<ServiceAccountCoordinates> serviceAccounts() {
    return serviceAccounts;
  }

  /** The stored secret whose hash matches {@code hash}, or null; an empty hash never matches. */
  public SecretCredential secretWithHash(CredentialHash hash) {
    return hash.isEmpty() ? null : secretByHash.get(hash);
  }

  /** The stored secret at {@code coordinates}, or null; incomplete coordinates never match. */
  public SecretCredential secretAt(SecretCoordinates coordinates) {
    return coordinates.isComplete() ? secretByCoordinates.get(coordinates) : null;
  }

  /** Whether {@code account} is one of the stored service accounts; incomplete ones never match. */
  public boolean containsServiceAccount(ServiceAccountCoordinates account) {
    return account.isComplete() && serviceAccountSet.contains(account);
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

  private static int capacityFor(int size) {
    return Math.max(2, (int) (size / 0.75f) + 1);
  }
}
