package dev.pullgate.record;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.secret;
import static dev.pullgate.store.TestRecords.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.RecordMerge;
import dev.pullgate.credential.SecretCredential;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The merge rules of ENGINE-SPEC §3, one test per rule. */
class RecordMergeTest {
  private static final String REF = "sha256:abc";
  private static final String NAME = "registry.example/team/app";
  private static final Instant LATER = T0.plusSeconds(3600);

  private static CredentialSet secrets(SecretCredential... secrets) {
    return CredentialSet.of(List.of(secrets), List.of());
  }

  private static PulledRecord existing(String name, CredentialSet set) {
    return new PulledRecord(REF, T0, Map.of(name, set));
  }

  @Test
  void rule1_unknownProvenanceWithoutRecord_createsEmptyMapping() {
    Optional<PulledRecord> merged = RecordMerge.mergePull(null, REF, NAME, null, LATER);
    assertThat(merged).contains(PulledRecord.withoutCredentials(REF, LATER));
  }

  @Test
  void rule1_unknownProvenanceWithRecord_changesNothing() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    assertThat(RecordMerge.mergePull(record, REF, NAME, null, LATER)).isEmpty();
  }

  @Test
  void rule2_newImageName_addsSetAndBumpsTime() {
    PulledRecord record = existing("registry.example/other", CredentialSet.nodePodsAccessible());
    PulledRecord merged =
        RecordMerge.mergePull(record, REF, NAME, secrets(secret("a", "s", 1)), LATER).orElseThrow();
    assertThat(merged.credentialMapping()).containsOnlyKeys("registry.example/other", NAME);
    assertThat(merged.credentialsFor(NAME)).isEqualTo(secrets(secret("a", "s", 1)));
    assertThat(merged.lastUpdated()).isEqualTo(LATER);
  }

  @Test
  void rule2_noRecord_createsRecordWithTheSet() {
    PulledRecord merged =
        RecordMerge.mergePull(null, REF, NAME, secrets(secret("a", "s", 1)), LATER).orElseThrow();
    assertThat(merged)
        .isEqualTo(new PulledRecord(REF, LATER, Map.of(NAME, secrets(secret("a", "s", 1)))));
  }

  @Test
  void rule3_nodeAccessibleEntry_staysAsItIs() {
    PulledRecord record = existing(NAME, CredentialSet.nodePodsAccessible());
    assertThat(RecordMerge.mergePull(record, REF, NAME, secrets(secret("a", "s", 1)), LATER))
        .isEmpty();
  }

  @Test
  void rule4_nodeAccessibleProof_clearsTheLists() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    PulledRecord merged =
        RecordMerge.mergePull(record, REF, NAME, CredentialSet.nodePodsAccessible(), LATER)
            .orElseThrow();
    assertThat(merged.credentialsFor(NAME).isNodePodsAccessible()).isTrue();
    assertThat(merged.credentialsFor(NAME).secrets()).isEmpty();
  }

  @Test
  void rule5_sameCoordinates_takeTheNewHash() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1), secret("b", "t", 2)));
    PulledRecord merged =
        RecordMerge.mergePull(record, REF, NAME, secrets(secret("a", "s", 9)), LATER).orElseThrow();
    assertThat(merged.credentialsFor(NAME).secrets())
        .containsExactly(secret("a", "s", 9), secret("b", "t", 2));
  }

  @Test
  void rule5_serviceAccounts_mergeAsASet() {
    CredentialSet one = CredentialSet.of(List.of(), List.of(serviceAccount("a", "sa")));
    CredentialSet two =
        CredentialSet.of(List.of(), List.of(serviceAccount("a", "sa"), serviceAccount("b", "sa")));
    PulledRecord merged =
        RecordMerge.mergePull(existing(NAME, one), REF, NAME, two, LATER).orElseThrow();
    assertThat(merged.credentialsFor(NAME).serviceAccounts())
        .containsExactly(serviceAccount("a", "sa"), serviceAccount("b", "sa"));
  }

  @Test
  void rule5_setsStaySortedByNamespaceNameUid() {
    PulledRecord record = existing(NAME, secrets(secret("z", "s", 1)));
    PulledRecord merged =
        RecordMerge.mergePull(record, REF, NAME, secrets(secret("a", "s", 2)), LATER).orElseThrow();
    assertThat(merged.credentialsFor(NAME).secrets())
        .containsExactly(secret("a", "s", 2), secret("z", "s", 1));
  }

  @Test
  void rule6_nothingChanged_noWriteAndTimeStays() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    assertThat(RecordMerge.mergePull(record, REF, NAME, secrets(secret("a", "s", 1)), LATER))
        .isEmpty();
  }

  @Test
  void matchedSecret_newCoordinates_areAddedBelowTheBound() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1)));
    SecretCredential sameHashElsewhere = SecretCredential.of("u2", "b", "t", hash(1));
    PulledRecord merged =
        RecordMerge.mergeMatchedSecret(record, NAME, sameHashElsewhere, 100, LATER).orElseThrow();
    assertThat(merged.credentialsFor(NAME).secrets()).hasSize(2).contains(sameHashElsewhere);
  }

  @Test
  void matchedSecret_atTheBound_addsNothing() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1), secret("b", "s", 2)));
    SecretCredential third = SecretCredential.of("u3", "c", "t", hash(1));
    assertThat(RecordMerge.mergeMatchedSecret(record, NAME, third, 2, LATER)).isEmpty();
  }

  @Test
  void rotatedSecret_atTheBound_isStillStored() {
    PulledRecord record = existing(NAME, secrets(secret("a", "s", 1), secret("b", "s", 2)));
    SecretCredential rotated = secret("a", "s", 7);
    PulledRecord merged =
        RecordMerge.mergeRotatedSecret(record, NAME, rotated, LATER).orElseThrow();
    assertThat(merged.credentialsFor(NAME).secretAt(rotated.coordinates())).isEqualTo(rotated);
    assertThat(merged.credentialsFor(NAME).secrets()).hasSize(2);
  }
}
