package dev.pullgate.store;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of records and credentials for tests of every store and of the engine. */
public final class TestRecords {
  /** The instant every trace and most tests start at. */
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestRecords() {}

  /** A deterministic, distinct credential hash for {@code seed}. */
  public static CredentialHash hash(int seed) {
    byte[] bytes = new byte[CredentialHash.LENGTH];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (seed * 31 + i * 7 + (seed >>> 8));
    }
    bytes[0] = (byte) seed;
    bytes[1] = (byte) (seed >>> 8);
    return CredentialHash.of(bytes);
  }

  /** A secret in {@code namespace} named {@code name}, uid derived from both, with hash seed. */
  public static SecretCredential secret(String namespace, String name, int hashSeed) {
    return SecretCredential.of("uid-" + namespace + "-" + name, namespace, name, hash(hashSeed));
  }

  /** A service account in {@code namespace} named {@code name}. */
  public static ServiceAccountCoordinates serviceAccount(String namespace, String name) {
    return new ServiceAccountCoordinates("sa-uid-" + namespace + "-" + name, namespace, name);
  }

  /** A record mapping one image name to a set of these secrets. */
  public static PulledRecord record(
      String imageRef, Instant lastUpdated, String imageName, SecretCredential... secrets) {
    return new PulledRecord(
        imageRef, lastUpdated, Map.of(imageName, CredentialSet.of(List.of(secrets), List.of())));
  }

  /**
   * A record with several image names: node-accessible, secrets and service accounts, and an empty
   * set, to exercise every shape a codec must keep.
   */
  public static PulledRecord richRecord(String imageRef, Instant lastUpdated) {
    Map<String, CredentialSet> mapping = new LinkedHashMap<>();
    mapping.put("docker.io/library/nginx", CredentialSet.nodePodsAccessible());
    mapping.put(
        "registry.example/team/app",
        CredentialSet.of(
            List.of(secret("team-a", "regcred", 1), secret("team-b", "pull", 2)),
            List.of(serviceAccount("team-c", "builder"))));
    mapping.put(
        "registry.example:5000/other",
        CredentialSet.of(List.of(), List.of(serviceAccount("team-d", "default"))));
    mapping.put("registry.example/empty", CredentialSet.empty());
    return new PulledRecord(imageRef, lastUpdated, mapping);
  }
}
