package dev.pullgate.record;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the node knows about one pulled image: for each image name it was pulled under, who may use
 * it, and when this record last changed.
 *
 * <p>An empty mapping means "pulled by this node, nobody known to be allowed". Immutable; the
 * mapping is sorted by image name.
 *
 * @param imageRef the container runtime's identity of the image, the record's key
 * @param lastUpdated when the mapping last changed
 * @param credentialMapping image name to the credentials that may use the image under that name
 */
public record PulledRecord(
    String imageRef, Instant lastUpdated, Map<String, CredentialSet> credentialMapping) {
  public PulledRecord {
    Objects.requireNonNull(imageRef, "imageRef");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    Objects.requireNonNull(credentialMapping, "credentialMapping");
    credentialMapping = Collections.unmodifiableSortedMap(new TreeMap<>(credentialMapping));
  }

  /** A record of an image pulled with unknown credentials: an empty mapping. */
  public static PulledRecord withoutCredentials(String imageRef, Instant lastUpdated) {
    return new PulledRecord(imageRef, lastUpdated, Map.of());
  }

  /** This record with {@code time} as its last-updated time. */
  public PulledRecord withLastUpdated(Instant time) {
    return new PulledRecord(imageRef, time, credentialMapping);
  }

  /** The credentials recorded for {@code imageName}, or null when there is no entry. */
  public CredentialSet credentialsFor(String imageName) {
    return credentialMapping.get(imageName);
  }
}
