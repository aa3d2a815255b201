package dev.pullgate.record;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.StoreDamagedException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The stored form of a record: every shape round-trips, the encoding is canonical, and damage is
 * always detected as {@link StoreDamagedException}, never another exception or a different record.
 */
class RecordFormatTest {

  @Test
  void everyShape_roundTrips() {
    List<PulledRecord> shapes =
        List.of(
            richRecord("sha256:rich", T0),
            PulledRecord.withoutCredentials("sha256:empty", T0),
            PulledRecord.preloaded("sha256:pre", T0, List.of("docker.io/library/nginx", "a.io/b")),
            withPreloadedAndPulled(),
            record("sha256:" + "x".repeat(4089), Instant.ofEpochMilli(-1), "r.example/a"),
            blankAndIncomplete(),
            manySecrets(5_000));
    for (PulledRecord record : shapes) {
      byte[] stored = RecordFormat.encode(record);
      assertThat(RecordFormat.decode(stored)).as(record.imageRef()).isEqualTo(record);
      assertThat(RecordFormat.verify(ByteBuffer.wrap(stored))).isEqualTo(record);
      assertThat(RecordFormat.imageRefEquals(ByteBuffer.wrap(stored), record.imageRef())).isTrue();
      assertThat(RecordFormat.imageRefEquals(ByteBuffer.wrap(stored), record.imageRef() + "x"))
          .isFalse();
    }
  }

  @Test
  void encoding_isCanonical_whateverTheOrderTheRecordWasBuiltIn() {
    Map<String, CredentialSet> forward = new TreeMap<>();
    forward.put("b.io/app", set(List.of(secret("a", "x", 1), secret("b", "y", 2))));
    forward.put("a.io/app", set(List.of(secret("c", "z", 3))));
    Map<String, CredentialSet> backward = new TreeMap<>(java.util.Comparator.reverseOrder());
    backward.putAll(forward);
    assertThat(RecordFormat.encode(new PulledRecord("sha256:c", T0, backward)))
        .isEqualTo(RecordFormat.encode(new PulledRecord("sha256:c", T0, forward)));
  }

  @Test
  void sharedCoordinates_areStoredOnce() {
    SecretCredential shared = secret("team-a", "regcred", 1);
    Map<String, CredentialSet> oneName = Map.of("a.io/x", set(List.of(shared)));
    Map<String, CredentialSet> threeNames =
        Map.of(
            "a.io/x", set(List.of(shared)),
            "a.io/y", set(List.of(shared)),
            "a.io/z", set(List.of(shared)));
    int one = RecordFormat.encode(new PulledRecord("sha256:s", T0, oneName)).length;
    int three = RecordFormat.encode(new PulledRecord("sha256:s", T0, threeNames)).length;
    int coordinates = 3 + "uid-team-a-regcred".length() + "team-a".length() + "regcred".length();
    assertThat(three - one).isLessThan(2 * (6 + 20 + 56 + 12 + coordinates));
  }

  @Test
  void unstorableStrings_areRefusedNamingTheField() {
    assertThatThrownBy(() -> RecordFormat.encode(record("sha256:a", T0, "r.example/é")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image name");
    // A uid too long for a store is refused as the secret's coordinates are built.
    assertThatThrownBy(
            () ->
                RecordFormat.encode(
                    record(
                        "sha256:a",
                        T0,
                        "r.example/a",
                        SecretCredential.of("u".repeat(256), "ns", "n", hash(1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret uid");
  }

  @Test
  void everySingleBitFlip_isDetectedByDecodeAndByTheChecksum() {
    byte[] stored = RecordFormat.encode(richRecord("sha256:flip", T0));
    for (int bit = 0; bit < stored.length * 8; bit++) {
      byte[] damaged = stored.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> RecordFormat.decode(damaged))
          .as("bit %d", bit)
          .isInstanceOf(StoreDamagedException.class);
      assertThatThrownBy(() -> RecordFormat.checkFrame(ByteBuffer.wrap(damaged)))
          .as("bit %d", bit)
          .isInstanceOf(StoreDamagedException.class);
    }
  }

  @Test
  void randomDamageWithAValidChecksum_neverEscapesAsAnotherException() {
    long seed = Long.getLong("pullgate.seed", System.nanoTime());
    System.out.println("RecordFormatTest seed " + seed);
    Random random = new Random(seed);
    byte[] stored = RecordFormat.encode(richRecord("sha256:random", T0));
    for (int round = 0; round < 5_000; round++) {
      byte[] damaged = stored.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length - 8)] = (byte) random.nextInt(256);
      }
      ByteBuffer value = ByteBuffer.wrap(damaged);
      value.putLong(
          damaged.length - 8,
          net.openhft.hashing.LongHashFunction.xx3().hashBytes(value, 0, damaged.length - 8));
      try {
        PulledRecord decoded = RecordFormat.decode(damaged);
        assertThat(decoded).as("seed %d round %d", seed, round).isNotNull();
      } catch (StoreDamagedException expected) {
        // What damage must surface as.
      }
    }
  }

  @Test
  void truncatedValues_areDetected() {
    byte[] stored = RecordFormat.encode(richRecord("sha256:cut", T0));
    for (int length = 0; length < stored.length; length += 7) {
      ByteBuffer cut = ByteBuffer.wrap(stored, 0, length).slice();
      assertThatThrownBy(() -> RecordFormat.decode(cut)).isInstanceOf(StoreDamagedException.class);
    }
  }

  @Test
  void decodeFromAPosition_readsOnlyItsRegion() {
    byte[] stored = RecordFormat.encode(richRecord("sha256:pos", T0));
    ByteBuffer padded = ByteBuffer.allocate(stored.length + 20);
    padded.position(10);
    padded.put(stored);
    padded.position(10).limit(10 + stored.length);
    assertThat(RecordFormat.decode(padded)).isEqualTo(richRecord("sha256:pos", T0));
    assertThat(padded.position()).isEqualTo(10);
  }

  @Test
  void indexTerms_listUidsAndNamespacesOnce() {
    RecordFormat.IndexTerms terms = RecordFormat.indexTerms(richRecord("sha256:t", T0));
    assertThat(terms.secretUids())
        .containsExactlyInAnyOrder("uid-team-a-regcred", "uid-team-b-pull");
    assertThat(terms.serviceAccountUids())
        .containsExactlyInAnyOrder("sa-uid-team-c-builder", "sa-uid-team-d-default");
    assertThat(terms.namespaces())
        .containsExactlyInAnyOrder("team-a", "team-b", "team-c", "team-d");
  }

  private static CredentialSet set(List<SecretCredential> secrets) {
    List<CredentialSet.Secret> accepted = new ArrayList<>();
    for (SecretCredential secret : secrets) {
      accepted.add(CredentialSet.Secret.of(secret, T0));
    }
    return CredentialSet.of(accepted, List.of());
  }

  private static PulledRecord withPreloadedAndPulled() {
    return new PulledRecord(
        "sha256:both",
        T0,
        true,
        new TreeMap<>(Map.of("registry.example/team/app", set(List.of(secret("ns", "s", 1))))),
        new TreeSet<>(List.of("docker.io/library/app")));
  }

  private static PulledRecord blankAndIncomplete() {
    CredentialSet set =
        CredentialSet.of(
            List.of(
                new CredentialSet.Secret(
                    new SecretCoordinates("uid-blank", "team-c", "blank"),
                    CredentialHash.EMPTY,
                    T0),
                new CredentialSet.Secret(new SecretCoordinates("", "team-c", ""), hash(3), T0)),
            List.of(
                new CredentialSet.ServiceAccount(new ServiceAccountCoordinates("", "", ""), T0)));
    return new PulledRecord("sha256:blank", T0, Map.of("quay.io/org/tool", set));
  }

  private static PulledRecord manySecrets(int count) {
    List<SecretCredential> secrets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      secrets.add(secret("ns-" + (i % 7), "s" + i, i));
    }
    return new PulledRecord("sha256:many", T0, Map.of("registry.example/app", set(secrets)));
  }
}
