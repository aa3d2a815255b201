package dev.pullgate.store;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** {@code secret} as a record keeps it, accepted by a registry at {@code acceptedAt}. */
  public static CredentialSet.Secret accepted(SecretCredential secret, Instant acceptedAt) {
    return CredentialSet.Secret.of(secret, acceptedAt);
  }

  /** A service account in {@code namespace} named {@code name}. */
  public static ServiceAccountCoordinates serviceAccount(String namespace, String name) {
    return new ServiceAccountCoordinates("sa-uid-" + namespace + "-" + name, namespace, name);
  }

  /** A set of these secrets, each accepted at {@code acceptedAt}, and no service account. */
  public static CredentialSet secrets(Instant acceptedAt, SecretCredential... secrets) {
    List<CredentialSet.Secret> accepted = new ArrayList<>();
    for (SecretCredential secret : secrets) {
      accepted.add(accepted(secret, acceptedAt));
    }
    return CredentialSet.of(accepted, List.of());
  }

  /** A record mapping one image name to a set of these secrets, accepted at {@code lastUpdated}. */
  public static PulledRecord record(
      String imageRef, Instant lastUpdated, String imageName, SecretCredential... secrets) {
    return new PulledRecord(
        imageRef, lastUpdated, Map.of(imageName, secrets(lastUpdated, secrets)));
  }

  /** The update that stores every one of {@code records}, in one commit. */
  public static PullRecordStore.Update putAll(Collection<PulledRecord> records) {
    PullRecordStore.Update.Builder update = PullRecordStore.Update.builder();
    records.forEach(update::putRecord);
    return update.build();
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
            List.of(
                accepted(secret("team-a", "regcred", 1), lastUpdated),
                accepted(secret("team-b", "pull", 2), lastUpdated.minusSeconds(60))),
            List.of(
                new CredentialSet.ServiceAccount(
                    serviceAccount("team-c", "builder"), lastUpdated))));
    mapping.put(
        "registry.example:5000/other",
        CredentialSet.of(
            List.of(),
            List.of(
                new CredentialSet.ServiceAccount(
                    serviceAccount("team-d", "default"), lastUpdated.minusSeconds(5)))));
    mapping.put("registry.example/empty", CredentialSet.empty());
    return new PulledRecord(imageRef, lastUpdated, mapping);
  }

  /**
   * {@code record} with every secret and service account dated at the record's time, as the
   * kubelet's files keep it (one time per record).
   */
  public static PulledRecord acceptedAtItsTime(PulledRecord record) {
    Instant time = record.lastUpdated();
    Map<String, CredentialSet> mapping = new TreeMap<>();
    record
        .credentialMapping()
        .forEach(
            (name, set) ->
                mapping.put(
                    name,
                    set.isNodePodsAccessible()
                        ? set
                        : CredentialSet.of(
                            set.secrets().stream().map(s -> s.acceptedAt(time)).toList(),
                            set.serviceAccounts().stream()
                                .map(a -> new CredentialSet.ServiceAccount(a.coordinates(), time))
                                .toList())));
    return new PulledRecord(record.imageRef(), time, mapping);
  }
}
