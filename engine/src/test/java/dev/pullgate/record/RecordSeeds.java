package dev.pullgate.record;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.store.TestRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records whose stored forms seed {@link RecordFuzzTest}: every shape the layout has (node
 * accessible, secrets, blank hashes, service accounts, empty entries, preloaded names, many rows),
 * all under {@link #IMAGE_REF} and the image names {@link StoredValueDecisions} asks about, so that
 * mutations of them reach grants. Run {@link #main} to rewrite the corpus after a format change;
 * {@code RecordFuzzTest} checks that the committed seeds still decode to these records.
 */
final class RecordSeeds {
  /** The imageRef every seed record is stored under. */
  static final String IMAGE_REF =
      "sha256:5f73892c73ef12adff8b8a623bb02604b05d0917e595ab2a0238f4bc36241537";

  static final Instant T0 = TestRecords.T0;

  /** A pod secret that the seed records know by hash and coordinates. */
  static final SecretCredential TEAM_A = TestRecords.secret("team-a", "regcred", 1);

  private RecordSeeds() {}

  /** The seed records by file name. */
  static Map<String, PulledRecord> records() {
    Map<String, PulledRecord> seeds = new LinkedHashMap<>();
    seeds.put("rich.record", rich());
    seeds.put(
        "single-secret.record",
        TestRecords.record(IMAGE_REF, T0, "docker.io/library/nginx", TEAM_A));
    seeds.put("without-credentials.record", PulledRecord.withoutCredentials(IMAGE_REF, T0));
    seeds.put(
        "preloaded.record",
        PulledRecord.preloaded(
            IMAGE_REF, T0, List.of("docker.io/library/nginx", "registry.example/preloaded")));
    seeds.put("expired-secret.record", expired());
    seeds.put("many-secrets.record", manySecrets(24));
    seeds.put("blank-hash.record", blankHash());
    seeds.put(
        "other-image-ref.record",
        TestRecords.record(
            "sha256:0ddbd3cd0300d47349a55a3d8d438db5d2210b19bf78b92396aba27f47087e43",
            T0,
            "docker.io/library/nginx",
            TEAM_A));
    return seeds;
  }

  /** Node accessible, secrets with service account, a service account alone, and empty. */
  static PulledRecord rich() {
    return TestRecords.richRecord(IMAGE_REF, T0);
  }

  private static PulledRecord expired() {
    Map<String, CredentialSet> mapping = new LinkedHashMap<>();
    mapping.put(
        "registry.example/team/app",
        CredentialSet.of(
            List.of(
                CredentialSet.Secret.of(TEAM_A, T0.minus(Duration.ofDays(400))),
                CredentialSet.Secret.of(TestRecords.secret("team-b", "pull", 2), T0)),
            List.of(
                new CredentialSet.ServiceAccount(
                    TestRecords.serviceAccount("team-c", "builder"),
                    T0.minus(Duration.ofDays(400))))));
    return new PulledRecord(IMAGE_REF, T0, mapping);
  }

  private static PulledRecord manySecrets(int count) {
    List<CredentialSet.Secret> secrets = new ArrayList<>();
    secrets.add(CredentialSet.Secret.of(TEAM_A, T0));
    for (int i = 0; i < count; i++) {
      secrets.add(CredentialSet.Secret.of(TestRecords.secret("team-" + i, "regcred", 100 + i), T0));
    }
    return new PulledRecord(
        IMAGE_REF, T0, Map.of("registry.example/team/app", CredentialSet.of(secrets, List.of())));
  }

  private static PulledRecord blankHash() {
    SecretCredential blank =
        new SecretCredential(
            new SecretCoordinates("uid-team-a-regcred", "team-a", "regcred"), CredentialHash.EMPTY);
    SecretCredential incomplete =
        new SecretCredential(new SecretCoordinates("", "", ""), TestRecords.hash(7));
    return new PulledRecord(
        IMAGE_REF,
        T0,
        Map.of(
            "docker.io/library/nginx",
            CredentialSet.of(
                List.of(
                    CredentialSet.Secret.of(blank, T0), CredentialSet.Secret.of(incomplete, T0)),
                List.of())));
  }

  /** Writes each seed record's stored form into the corpus directory {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    for (Map.Entry<String, PulledRecord> seed : records().entrySet()) {
      Files.write(dir.resolve(seed.getKey()), RecordFormat.encode(seed.getValue()));
    }
  }
}
