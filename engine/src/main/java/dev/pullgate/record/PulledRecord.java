package dev.pullgate.record;

import dev.pullgate.credential.CredentialHash;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What the node knows about one image on it, keyed by the runtime's imageRef: for each image name
 * it was pulled under, who may use it; the names it was observed under before any pull (observed
 * preloaded mode); and when the record last changed.
 *
 * <p>Immutable; the readable view of a stored record, built on demand for tools and tests. An empty
 * mapping with {@link #pulledByNode()} means "pulled by this node, nobody known to be allowed". A
 * record that only lists preloaded names is not pulled by the node. Times have millisecond
 * precision, as the store keeps them.
 *
 * @param imageRef the container runtime's identity of the image, the record's key
 * @param lastUpdated when the record last changed (what pruning compares)
 * @param pulledByNode whether this node pulled the image (a pull, a reconciled intent, an import);
 *     false when the record only lists names observed as preloaded
 * @param credentialMapping image name to the credentials that may use the image under that name,
 *     sorted by name; empty unless {@code pulledByNode}
 * @param preloadedNames the normalised image names the agent observed on the node for this imageRef
 *     before any pull of them, sorted; none is also a key of the mapping
 */
public record PulledRecord(
    String imageRef,
    Instant lastUpdated,
    boolean pulledByNode,
    NavigableMap<String, CredentialSet> credentialMapping,
    NavigableSet<String> preloadedNames) {
  /**
   * Checks the record and keeps {@code lastUpdated} to the millisecond, as the store does.
   *
   * @param imageRef the container runtime's identity of the image
   * @param lastUpdated when the record last changed
   * @param pulledByNode whether this node pulled the image
   * @param credentialMapping image name to the credentials that may use the image under that name
   * @param preloadedNames the names observed on the node before any pull
   * @throws IllegalArgumentException when the imageRef is invalid, a record not pulled by the node
   *     maps names, or a name is both preloaded and mapped
   */
  public PulledRecord {
    requireValidImageRef(imageRef, "imageRef");
    lastUpdated = Objects.requireNonNull(lastUpdated, "lastUpdated").truncatedTo(ChronoUnit.MILLIS);
    credentialMapping =
        Collections.unmodifiableNavigableMap(
            new TreeMap<>(Objects.requireNonNull(credentialMapping, "credentialMapping")));
    preloadedNames =
        Collections.unmodifiableNavigableSet(
            new TreeSet<>(Objects.requireNonNull(preloadedNames, "preloadedNames")));
    if (!pulledByNode && !credentialMapping.isEmpty()) {
      throw new IllegalArgumentException(
          "a record not pulled by the node cannot map image names to credentials");
    }
    for (String name : preloadedNames) {
      if (credentialMapping.containsKey(name)) {
        throw new IllegalArgumentException(
            "an image name cannot be both preloaded and mapped to credentials");
      }
    }
  }

  /**
   * Whether {@code imageRef} is a valid imageRef: 1 to {@value ImageRef#MAX_LENGTH} characters of
   * printable ASCII without whitespace (the runtime's identity of an image is opaque, and compared
   * byte for byte) that cannot hold URL userinfo ({@code user:password@}, see {@link
   * dev.pullgate.image.ImageName#mayHoldUserinfo}).
   *
   * @param imageRef the string to check, or null
   * @return whether it is valid
   */
  public static boolean isValidImageRef(String imageRef) {
    return ImageRef.isValid(imageRef);
  }

  /**
   * Returns {@code imageRef} when it is valid.
   *
   * @param imageRef the string to check
   * @param field the name of the argument, for the message
   * @return {@code imageRef}
   * @throws IllegalArgumentException naming {@code field}, and quoting the value only when it is
   *     safe to show
   */
  public static String requireValidImageRef(String imageRef, String field) {
    return ImageRef.validate(imageRef, field);
  }

  /**
   * A record pulled by the node with these credential entries and no preloaded names.
   *
   * @param imageRef the container runtime's identity of the image
   * @param lastUpdated when the record last changed
   * @param credentialMapping image name to the credentials that may use the image under that name
   */
  public PulledRecord(
      String imageRef, Instant lastUpdated, Map<String, CredentialSet> credentialMapping) {
    this(imageRef, lastUpdated, true, new TreeMap<>(credentialMapping), new TreeSet<>());
  }

  /**
   * A record of an image pulled with unknown credentials: an empty mapping.
   *
   * @param imageRef the container runtime's identity of the image
   * @param lastUpdated when the record last changed
   * @return the record
   */
  public static PulledRecord withoutCredentials(String imageRef, Instant lastUpdated) {
    return new PulledRecord(imageRef, lastUpdated, Map.of());
  }

  /**
   * A record of an image observed on the node under {@code names} before any pull.
   *
   * @param imageRef the container runtime's identity of the image
   * @param lastUpdated when the record last changed
   * @param names the normalised image names observed
   * @return the record
   */
  public static PulledRecord preloaded(
      String imageRef, Instant lastUpdated, Collection<String> names) {
    return new PulledRecord(
        imageRef,
        lastUpdated,
        false,
        new TreeMap<>(),
        new TreeSet<>(Objects.requireNonNull(names)));
  }

  /**
   * This record with {@code time} as its last-updated time.
   *
   * @param time the new last-updated time
   * @return the changed copy
   */
  public PulledRecord withLastUpdated(Instant time) {
    return new PulledRecord(imageRef, time, pulledByNode, credentialMapping, preloadedNames);
  }

  /**
   * This record with every secret's hash replaced by {@code transform} of it: how a store that
   * keeps hashes under a key converts records written with the kubelet's hashes.
   *
   * @param transform turns a hash into the one to keep
   * @return the changed copy
   */
  public PulledRecord withHashes(UnaryOperator<CredentialHash> transform) {
    NavigableMap<String, CredentialSet> mapping = new TreeMap<>();
    for (Map.Entry<String, CredentialSet> entry : credentialMapping.entrySet()) {
      CredentialSet set = entry.getValue();
      List<CredentialSet.Secret> secrets = new ArrayList<>(set.secrets().size());
      for (CredentialSet.Secret secret : set.secrets()) {
        secrets.add(
            new CredentialSet.Secret(
                secret.coordinates(), transform.apply(secret.hash()), secret.acceptedAt()));
      }
      mapping.put(
          entry.getKey(),
          set.isNodePodsAccessible() ? set : CredentialSet.of(secrets, set.serviceAccounts()));
    }
    return new PulledRecord(imageRef, lastUpdated, pulledByNode, mapping, preloadedNames);
  }

  /**
   * The credentials recorded for {@code imageName}, or null when there is no entry.
   *
   * @param imageName a normalised image name
   * @return its credentials, or null
   */
  public CredentialSet credentialsFor(String imageName) {
    return credentialMapping.get(imageName);
  }

  /** {@return every image name of the record: mapped ones and preloaded ones} */
  public Set<String> imageNames() {
    Set<String> names = new TreeSet<>(credentialMapping.keySet());
    names.addAll(preloadedNames);
    return names;
  }
}
