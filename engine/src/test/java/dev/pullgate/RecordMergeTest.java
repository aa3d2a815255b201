package dev.pullgate;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.accepted;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.secret;
import static dev.pullgate.store.TestRecords.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The merge rules of ENGINE-SPEC §3, one test per rule, and the merges that decisions, observed
 * preloaded images and forgetting make; pure functions on the readable record views.
 */
class RecordMergeTest {
  private static final String REF = "sha256:abc";
  private static final String NAME = "registry.example/team/app";
  private static final Instant LATER = T0.plusSeconds(3600);
  private static final int BOUND = 100;

  /** A set of these secrets, each accepted at T0. */
  private static CredentialSet secrets(SecretCredential... secrets) {
    return secretsAt(T0, secrets);
  }

  private static CredentialSet secretsAt(Instant acceptedAt, SecretCredential... secrets) {
    return CredentialSet.of(
        List.of(secrets).stream().map(s -> accepted(s, acceptedAt)).toList(), List.of());
  }

  private static CredentialSet accounts(Instant acceptedAt, ServiceAccountCoordinates... accounts) {
    return CredentialSet.of(
        List.of(),
        List.of(accounts).stream()
            .map(a -> new CredentialSet.ServiceAccount(a, acceptedAt))
            .toList());
  }

  private static PulledRecord existing(String name, CredentialSet set) {
    return new PulledRecord(REF, T0, Map.of(name, set));
  }

  private static List<SecretCredential> secretsOf(PulledRecord record) {
    return record.credentialsFor(NAME).secrets().stream()
        .map(CredentialSet.Secret::credential)
        .toList();
  }

  @Test
  void rule1_unknownProvenanceWithoutRecord_createsEmptyMapping() {
    Optional<PulledRecord> merged = RecordMerge.mergePull(null, REF, NAME, null, LATER, BOUND);
    assertThat(merged).contains(PulledRecord.withoutCredentials(REF, LATER));
  }

  @Test
  void rule1_unknownProvenanceWithRecord_changesNothing() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    assertThat(RecordMerge.mergePull(record, REF, NAME, null, LATER, BOUND)).isEmpty();
  }

  @Test
  void rule2_newImageName_addsSetAndBumpsTime() {
    PulledRecord record = existing("registry.example/other", CredentialSet.nodePodsAccessible());
    CredentialSet proven = secretsAt(LATER, secret("a", "s", 1));
    PulledRecord merged =
        RecordMerge.mergePull(record, REF, NAME, proven, LATER, BOUND).orElseThrow();
    assertThat(merged.credentialMapping()).containsOnlyKeys("registry.example/other", NAME);
    assertThat(merged.credentialsFor(NAME)).isEqualTo(proven);
    assertThat(merged.lastUpdated()).isEqualTo(LATER);
  }

  @Test
  void rule2_noRecord_createsRecordWithTheSet() {
    CredentialSet proven = secretsAt(LATER, secret("a", "s", 1));
    PulledRecord merged =
        RecordMerge.mergePull(null, REF, NAME, proven, LATER, BOUND).orElseThrow();
    assertThat(merged).isEqualTo(new PulledRecord(REF, LATER, Map.of(NAME, proven)));
  }

  @Test
  void rule3_nodeAccessibleEntry_staysAsItIs() {
    PulledRecord record = existing(NAME, CredentialSet.nodePodsAccessible());
    CredentialSet proven = secretsAt(LATER, secret("a", "s", 1));
    assertThat(RecordMerge.mergePull(record, REF, NAME, proven, LATER, BOUND)).isEmpty();
  }

  @Test
  void rule4_nodeAccessibleProof_clearsTheLists() {
    PulledRecord record =
        existing(
            NAME,
            CredentialSet.of(
                List.of(accepted(secret("a", "s", 1), T0)),
                List.of(new CredentialSet.ServiceAccount(serviceAccount("a", "sa"), T0))));
    PulledRecord merged =
        RecordMerge.mergePull(record, REF, NAME, CredentialSet.nodePodsAccessible(), LATER, BOUND)
            .orElseThrow();
    assertThat(merged.credentialsFor(NAME).isNodePodsAccessible()).isTrue();
    assertThat(merged.credentialsFor(NAME).secrets()).isEmpty();
    assertThat(merged.credentialsFor(NAME).serviceAccounts()).isEmpty();
  }

  @Test
  void rule5_sameCoordinates_takeTheNewHashAndThePullsTime() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1), secret("b", "t", 2)));
    PulledRecord merged =
        RecordMerge.mergePull(
                record, REF, NAME, secretsAt(LATER, secret("a", "s", 9)), LATER, BOUND)
            .orElseThrow();
    assertThat(merged.credentialsFor(NAME).secrets())
        .containsExactly(accepted(secret("a", "s", 9), LATER), accepted(secret("b", "t", 2), T0));
  }

  @Test
  void rule5_serviceAccounts_mergeAsASetAndTheProvenOnesTakeThePullsTime() {
    CredentialSet one = accounts(T0, serviceAccount("a", "sa"), serviceAccount("c", "sa"));
    CredentialSet two = accounts(LATER, serviceAccount("a", "sa"), serviceAccount("b", "sa"));
    PulledRecord merged =
        RecordMerge.mergePull(existing(NAME, one), REF, NAME, two, LATER, BOUND).orElseThrow();
    assertThat(merged.credentialsFor(NAME).serviceAccounts())
        .containsExactly(
            new CredentialSet.ServiceAccount(serviceAccount("a", "sa"), LATER),
            new CredentialSet.ServiceAccount(serviceAccount("b", "sa"), LATER),
            new CredentialSet.ServiceAccount(serviceAccount("c", "sa"), T0));
  }

  @Test
  void rule5_setsStaySortedByNamespaceNameUid() {
    PulledRecord record = existing(NAME, secrets(secret("z", "s", 1)));
    PulledRecord merged =
        RecordMerge.mergePull(record, REF, NAME, secrets(secret("a", "s", 2)), LATER, BOUND)
            .orElseThrow();
    assertThat(secretsOf(merged)).containsExactly(secret("a", "s", 2), secret("z", "s", 1));
  }

  @Test
  void rule5_atTheBound_aProvenSecretReplacesTheOneAcceptedLongestAgo() {
    // "a" sorts first but was accepted last: the bound goes by acceptance time, not by order.
    CredentialSet full =
        CredentialSet.of(
            List.of(
                accepted(secret("a", "s", 1), T0.plusSeconds(20)),
                accepted(secret("b", "s", 2), T0),
                accepted(secret("c", "s", 3), T0.plusSeconds(10))),
            List.of());
    PulledRecord merged =
        RecordMerge.mergePull(
                existing(NAME, full), REF, NAME, secretsAt(LATER, secret("d", "s", 4)), LATER, 3)
            .orElseThrow();
    assertThat(secretsOf(merged))
        .containsExactly(secret("a", "s", 1), secret("c", "s", 3), secret("d", "s", 4));
  }

  @Test
  void rule5_atTheBound_aProvenKnownSecretReplacesOnlyItself() {
    CredentialSet full = secrets(secret("a", "s", 1), secret("b", "s", 2));
    PulledRecord merged =
        RecordMerge.mergePull(
                existing(NAME, full), REF, NAME, secretsAt(LATER, secret("a", "s", 7)), LATER, 2)
            .orElseThrow();
    assertThat(merged.credentialsFor(NAME).secrets())
        .containsExactly(accepted(secret("a", "s", 7), LATER), accepted(secret("b", "s", 2), T0));
  }

  @Test
  void rule6_nothingChanged_noWriteAndTimeStays() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    assertThat(RecordMerge.mergePull(record, REF, NAME, secrets(secret("a", "s", 1)), LATER, BOUND))
        .isEmpty();
  }

  @Test
  void rule6_sameSecretProvenLater_isAChangeThatRenewsIt() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    PulledRecord merged =
        RecordMerge.mergePull(
                record, REF, NAME, secretsAt(LATER, secret("a", "s", 1)), LATER, BOUND)
            .orElseThrow();
    assertThat(merged.credentialsFor(NAME).secrets())
        .containsExactly(accepted(secret("a", "s", 1), LATER));
    assertThat(merged.lastUpdated()).isEqualTo(LATER);
  }

  @Test
  void pull_ofAPreloadedName_endsItsPreloadedStatusOnly() {
    PulledRecord preloaded = PulledRecord.preloaded(REF, T0, List.of(NAME, "docker.io/library/x"));
    PulledRecord merged =
        RecordMerge.mergePull(preloaded, REF, NAME, null, LATER, BOUND).orElseThrow();
    assertThat(merged.pulledByNode()).isTrue();
    assertThat(merged.preloadedNames()).containsExactly("docker.io/library/x");
    assertThat(merged.credentialMapping()).isEmpty();
  }

  @Test
  void pull_ofAnotherName_keepsThePreloadedNames() {
    PulledRecord preloaded = PulledRecord.preloaded(REF, T0, List.of("docker.io/library/x"));
    CredentialSet proven = secretsAt(LATER, secret("a", "s", 1));
    PulledRecord merged =
        RecordMerge.mergePull(preloaded, REF, NAME, proven, LATER, BOUND).orElseThrow();
    assertThat(merged.pulledByNode()).isTrue();
    assertThat(merged.preloadedNames()).containsExactly("docker.io/library/x");
    assertThat(merged.credentialsFor(NAME)).isEqualTo(proven);
  }

  @Test
  void matchedSecret_newCoordinates_areAddedWithTheMatchedEntrysTime() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    SecretCredential sameHashElsewhere = SecretCredential.of("u2", "b", "t", hash(1));
    PulledRecord merged =
        RecordMerge.mergeMatchedSecret(record, NAME, sameHashElsewhere, T0, BOUND, LATER)
            .orElseThrow();
    assertThat(merged.credentialsFor(NAME).secrets())
        .hasSize(2)
        .contains(accepted(sameHashElsewhere, T0));
    assertThat(merged.lastUpdated()).isEqualTo(LATER);
  }

  @Test
  void matchedSecret_knownCoordinates_changeNothing() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    assertThat(RecordMerge.mergeMatchedSecret(record, NAME, secret("a", "s", 1), T0, BOUND, LATER))
        .isEmpty();
  }

  @Test
  void matchedSecret_atTheBound_addsNothing() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1), secret("b", "s", 2)));
    SecretCredential third = SecretCredential.of("u3", "c", "t", hash(1));
    assertThat(RecordMerge.mergeMatchedSecret(record, NAME, third, T0, 2, LATER)).isEmpty();
  }

  @Test
  void matchedSecret_nodeAccessibleOrMissingEntry_addsNothing() {
    SecretCredential s = secret("a", "s", 1);
    assertThat(
            RecordMerge.mergeMatchedSecret(
                existing(NAME, CredentialSet.nodePodsAccessible()), NAME, s, T0, BOUND, LATER))
        .isEmpty();
    assertThat(
            RecordMerge.mergeMatchedSecret(
                existing("registry.example/other", secrets(s)), NAME, s, T0, BOUND, LATER))
        .isEmpty();
  }

  @Test
  void rotatedSecret_atTheBound_isStillStoredInPlaceWithTheOldTime() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1), secret("b", "s", 2)));
    SecretCredential rotated = secret("a", "s", 7);
    PulledRecord merged =
        RecordMerge.mergeRotatedSecret(record, NAME, rotated, LATER).orElseThrow();
    assertThat(merged.credentialsFor(NAME).secretAt(rotated.coordinates()))
        .isEqualTo(accepted(rotated, T0));
    assertThat(merged.credentialsFor(NAME).secrets()).hasSize(2);
    assertThat(merged.lastUpdated()).isEqualTo(LATER);
  }

  @Test
  void rotatedSecret_sameHashOrUnknownCoordinates_changesNothing() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    assertThat(RecordMerge.mergeRotatedSecret(record, NAME, secret("a", "s", 1), LATER)).isEmpty();
    assertThat(RecordMerge.mergeRotatedSecret(record, NAME, secret("z", "s", 7), LATER)).isEmpty();
  }

  @Test
  void observePreloaded_newOrPreloadedOnlyRecord_gainsTheNames_pulledRecordGainsNone() {
    List<String> names = List.of("docker.io/library/nginx");
    assertThat(RecordMerge.observePreloaded(null, REF, names, T0))
        .contains(PulledRecord.preloaded(REF, T0, names));
    PulledRecord preloaded = PulledRecord.preloaded(REF, T0, List.of("docker.io/library/x"));
    assertThat(RecordMerge.observePreloaded(preloaded, REF, names, LATER).orElseThrow())
        .isEqualTo(
            PulledRecord.preloaded(
                REF, LATER, List.of("docker.io/library/nginx", "docker.io/library/x")));
    assertThat(RecordMerge.observePreloaded(preloaded, REF, List.of("docker.io/library/x"), LATER))
        .isEmpty();
    assertThat(
            RecordMerge.observePreloaded(
                existing(NAME, CredentialSet.nodePodsAccessible()), REF, names, LATER))
        .isEmpty();
    assertThat(RecordMerge.observePreloaded(null, REF, List.of(), T0)).isEmpty();
  }

  @Test
  void forget_removesMatchingEntriesFromEveryImageName_andCountsThem() {
    SecretCredential a = secret("team-a", "s", 1);
    SecretCredential b = secret("team-b", "s", 2);
    ServiceAccountCoordinates saA = serviceAccount("team-a", "sa");
    ServiceAccountCoordinates saB = serviceAccount("team-b", "sa");
    CredentialSet both =
        CredentialSet.of(
            List.of(accepted(a, T0), accepted(b, T0)),
            List.of(
                new CredentialSet.ServiceAccount(saA, T0),
                new CredentialSet.ServiceAccount(saB, T0)));
    TreeMap<String, CredentialSet> mapping = new TreeMap<>();
    mapping.put(NAME, both);
    mapping.put("registry.example/other", both);
    mapping.put("docker.io/library/nginx", CredentialSet.nodePodsAccessible());
    PulledRecord record =
        new PulledRecord(REF, T0, true, mapping, new TreeSet<>(Set.of("docker.io/library/x")));

    RecordMerge.Forgotten bySecret =
        RecordMerge.forget(record, a.coordinates().uid(), null, null).orElseThrow();
    assertThat(bySecret.removed()).isEqualTo(2);
    assertThat(bySecret.record().credentialsFor(NAME).secrets()).containsExactly(accepted(b, T0));
    assertThat(bySecret.record().credentialsFor(NAME).serviceAccounts()).hasSize(2);
    assertThat(bySecret.record().lastUpdated()).isEqualTo(T0);
    assertThat(bySecret.record().preloadedNames()).containsExactly("docker.io/library/x");
    assertThat(bySecret.record().credentialsFor("docker.io/library/nginx").isNodePodsAccessible())
        .isTrue();

    RecordMerge.Forgotten byAccount =
        RecordMerge.forget(record, null, saB.uid(), null).orElseThrow();
    assertThat(byAccount.removed()).isEqualTo(2);
    assertThat(byAccount.record().credentialsFor(NAME).serviceAccounts())
        .containsExactly(new CredentialSet.ServiceAccount(saA, T0));

    RecordMerge.Forgotten byNamespace =
        RecordMerge.forget(record, null, null, "team-a").orElseThrow();
    assertThat(byNamespace.removed()).isEqualTo(4);
    assertThat(byNamespace.record().credentialsFor(NAME))
        .isEqualTo(
            CredentialSet.of(
                List.of(accepted(b, T0)), List.of(new CredentialSet.ServiceAccount(saB, T0))));

    assertThat(RecordMerge.forget(record, "no-such-uid", "no-such-uid", "no-such-namespace"))
        .isEmpty();
  }
}
