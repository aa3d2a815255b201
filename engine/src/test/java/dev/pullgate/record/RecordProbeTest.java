package dev.pullgate.record;

import static dev.pullgate.record.RecordProbe.CREDENTIALS;
import static dev.pullgate.record.RecordProbe.EXPIRED;
import static dev.pullgate.record.RecordProbe.NODE_ACCESSIBLE;
import static dev.pullgate.record.RecordProbe.NO_CREDENTIALS;
import static dev.pullgate.record.RecordProbe.NO_ENTRY;
import static dev.pullgate.record.RecordProbe.NO_MATCH;
import static dev.pullgate.record.RecordProbe.PRELOADED;
import static dev.pullgate.record.RecordProbe.SECRET_COORDINATES;
import static dev.pullgate.record.RecordProbe.SECRET_HASH;
import static dev.pullgate.record.RecordProbe.SECRET_HASH_NEW_COORDINATES;
import static dev.pullgate.record.RecordProbe.SERVICE_ACCOUNT;
import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.secret;
import static dev.pullgate.store.TestRecords.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.image.ImageName;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The probe reads a stored record in place as the decision rules read the view: entries by image
 * name, matches by hash, by coordinates and by service account, expiry per credential; and it
 * checks what it relies on when the bytes come straight from a store.
 */
class RecordProbeTest {
  private static final String APP = "registry.example/team/app";
  private static final long NEVER = Long.MIN_VALUE;
  private final RecordProbe probe = new RecordProbe();
  private final ImageName.Cursor cursor = new ImageName.Cursor();

  private int entry(PulledRecord record, String image) {
    probe.open(ByteBuffer.wrap(RecordFormat.encode(record)), true);
    assertThat(cursor.parse(image)).isTrue();
    return probe.findEntry(cursor);
  }

  private int match(
      PulledRecord record,
      List<SecretCredential> pod,
      ServiceAccountCoordinates account,
      long notBefore) {
    assertThat(entry(record, APP + ":v1")).isEqualTo(CREDENTIALS);
    return probe.match(pod, account, notBefore, UnaryOperator.identity());
  }

  @Test
  void findEntry_saysWhatTheImageNamesEntryIs() {
    TreeMap<String, CredentialSet> mapping = new TreeMap<>();
    mapping.put("docker.io/library/nginx", CredentialSet.nodePodsAccessible());
    mapping.put("registry.example/empty", CredentialSet.empty());
    mapping.put(APP, secrets(T0, secret("ns", "s", 1)));
    PulledRecord record =
        new PulledRecord(
            "sha256:e", T0, true, mapping, new TreeSet<>(List.of("docker.io/library/redis")));

    assertThat(entry(record, "nginx:1.25")).isEqualTo(NODE_ACCESSIBLE);
    assertThat(entry(record, "registry.example/empty@sha256:" + "0".repeat(64)))
        .isEqualTo(NO_CREDENTIALS);
    assertThat(entry(record, APP)).isEqualTo(CREDENTIALS);
    assertThat(entry(record, "redis")).isEqualTo(PRELOADED);
    assertThat(entry(record, "registry.example/team/ap")).isEqualTo(NO_ENTRY);
    assertThat(entry(record, "registry.example/team/appx")).isEqualTo(NO_ENTRY);
    assertThat(probe.pulledByNode()).isTrue();
    assertThat(probe.lastUpdatedMillis()).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void findEntry_amongManyNames_findsEachByBinarySearch() {
    Map<String, CredentialSet> mapping = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      mapping.put("registry.example/app" + i, CredentialSet.nodePodsAccessible());
    }
    PulledRecord record = new PulledRecord("sha256:many", T0, mapping);
    for (int i = 0; i < 300; i++) {
      assertThat(entry(record, "registry.example/app" + i)).isEqualTo(NODE_ACCESSIBLE);
    }
    assertThat(entry(record, "registry.example/app300")).isEqualTo(NO_ENTRY);
  }

  @Test
  void match_followsTheDecisionRulesSecretBySecret() {
    SecretCredential stored = secret("team-a", "regcred", 1);
    PulledRecord record = app(secrets(T0, stored), List.of(serviceAccount("ci", "builder")));
    SecretCredential sameHashOtherSecret = SecretCredential.of("uid-b", "team-b", "pull", hash(1));
    SecretCredential rotated = new SecretCredential(stored.coordinates(), hash(9));
    SecretCredential stranger = secret("team-x", "other", 7);
    SecretCredential incomplete = SecretCredential.of("", "team-b", "", hash(1));

    assertThat(match(record, List.of(stored), null, NEVER)).isEqualTo(SECRET_HASH);
    assertThat(match(record, List.of(sameHashOtherSecret), null, NEVER))
        .isEqualTo(SECRET_HASH_NEW_COORDINATES);
    assertThat(match(record, List.of(incomplete), null, NEVER)).isEqualTo(SECRET_HASH);
    assertThat(match(record, List.of(rotated), null, NEVER)).isEqualTo(SECRET_COORDINATES);
    assertThat(match(record, List.of(stranger), null, NEVER)).isEqualTo(NO_MATCH);
    assertThat(match(record, List.of(stranger), serviceAccount("ci", "builder"), NEVER))
        .isEqualTo(SERVICE_ACCOUNT);
    assertThat(match(record, List.of(stranger, stored), null, NEVER)).isEqualTo(SECRET_HASH);
    assertThat(probe.matchedSecret()).isEqualTo(1);
    assertThat(
            match(
                record,
                List.of(new SecretCredential(stored.coordinates(), CredentialHash.EMPTY)),
                null,
                NEVER))
        .as("a pod secret without a hash matches nothing, not even by coordinates")
        .isEqualTo(NO_MATCH);
  }

  @Test
  void match_expiredEntriesNeverGrant_butDoNotHideAFreshOne() {
    Instant old = T0;
    Instant fresh = T0.plusSeconds(3600);
    long notBefore = T0.plusSeconds(60).toEpochMilli();
    SecretCredential expired = secret("team-a", "old", 1);
    SecretCredential current = secret("team-b", "new", 2);
    CredentialSet set =
        CredentialSet.of(
            List.of(CredentialSet.Secret.of(expired, old), CredentialSet.Secret.of(current, fresh)),
            List.of(new CredentialSet.ServiceAccount(serviceAccount("ci", "builder"), old)));
    PulledRecord record = new PulledRecord("sha256:x", fresh, Map.of(APP, set));

    assertThat(match(record, List.of(expired), null, notBefore)).isEqualTo(EXPIRED);
    assertThat(match(record, List.of(expired, current), null, notBefore)).isEqualTo(SECRET_HASH);
    assertThat(probe.matchedAcceptedAtMillis()).isEqualTo(fresh.toEpochMilli());
    assertThat(
            match(
                record,
                List.of(new SecretCredential(expired.coordinates(), hash(5))),
                null,
                notBefore))
        .as("a rotation keeps the old entry's time, so it is expired too")
        .isEqualTo(EXPIRED);
    assertThat(match(record, List.of(), serviceAccount("ci", "builder"), notBefore))
        .isEqualTo(EXPIRED);
    assertThat(match(record, List.of(expired), null, NEVER)).isEqualTo(SECRET_HASH);
  }

  @Test
  void match_sameHashUnderTwoSecrets_grantsByTheFreshOne() {
    SecretCredential a = SecretCredential.of("uid-a", "ns", "a", hash(1));
    SecretCredential b = SecretCredential.of("uid-b", "ns", "b", hash(1));
    CredentialSet set =
        CredentialSet.of(
            List.of(
                CredentialSet.Secret.of(a, T0), CredentialSet.Secret.of(b, T0.plusSeconds(3600))),
            List.of());
    PulledRecord record = new PulledRecord("sha256:dup", T0, Map.of(APP, set));

    assertThat(match(record, List.of(a), null, T0.plusSeconds(60).toEpochMilli()))
        .isEqualTo(SECRET_HASH);
  }

  @Test
  void match_blankStoredHash_neverMatchesByHash_butARotationOfItsSecretDoes() {
    SecretCoordinates coordinates = new SecretCoordinates("uid-blank", "ns", "blank");
    CredentialSet set =
        CredentialSet.of(
            List.of(new CredentialSet.Secret(coordinates, CredentialHash.EMPTY, T0)), List.of());
    PulledRecord record = new PulledRecord("sha256:blank", T0, Map.of(APP, set));
    byte[] zeros = new byte[32];

    assertThat(
            match(
                record,
                List.of(SecretCredential.of("u", "n", "x", CredentialHash.of(zeros))),
                null,
                NEVER))
        .isEqualTo(NO_MATCH);
    assertThat(match(record, List.of(new SecretCredential(coordinates, hash(4))), null, NEVER))
        .isEqualTo(SECRET_COORDINATES);
  }

  @Test
  void match_keyedStore_comparesTheKeyedFormOfThePodsHash() {
    SecretCredential pod = secret("ns", "s", 1);
    CredentialHash keyed = hash(77);
    CredentialSet set =
        CredentialSet.of(
            List.of(new CredentialSet.Secret(pod.coordinates(), keyed, T0)), List.of());
    PulledRecord record = new PulledRecord("sha256:k", T0, Map.of(APP, set));
    assertThat(entry(record, APP)).isEqualTo(CREDENTIALS);

    assertThat(probe.match(List.of(pod), null, NEVER, h -> h.equals(pod.hash()) ? keyed : h))
        .isEqualTo(SECRET_HASH);
    assertThat(probe.match(List.of(pod), null, NEVER, UnaryOperator.identity()))
        .isEqualTo(SECRET_COORDINATES);
  }

  @Test
  void match_tenThousandSecrets_findsEveryOneByHashAndByCoordinates() {
    List<SecretCredential> secrets = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      secrets.add(secret("ns-" + (i % 13), "s" + i, i));
    }
    PulledRecord record = app(secrets(T0, secrets.toArray(new SecretCredential[0])), List.of());
    probe.open(ByteBuffer.wrap(RecordFormat.encode(record)), true);
    cursor.parse(APP);
    assertThat(probe.findEntry(cursor)).isEqualTo(CREDENTIALS);
    for (int i = 0; i < 10_000; i += 97) {
      SecretCredential s = secrets.get(i);
      assertThat(probe.match(List.of(s), null, NEVER, UnaryOperator.identity()))
          .isEqualTo(SECRET_HASH);
      SecretCredential rotated = new SecretCredential(s.coordinates(), hash(50_000 + i));
      assertThat(probe.match(List.of(rotated), null, NEVER, UnaryOperator.identity()))
          .isEqualTo(SECRET_COORDINATES);
    }
  }

  @Test
  void randomRecords_probeAgreesWithTheReadableView() {
    long seed = Long.getLong("pullgate.seed", System.nanoTime());
    System.out.println("RecordProbeTest seed " + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 2_000; round++) {
      List<SecretCredential> stored = new ArrayList<>();
      List<CredentialSet.Secret> entries = new ArrayList<>();
      int count = 1 + random.nextInt(8);
      for (int i = 0; i < count; i++) {
        SecretCredential s =
            SecretCredential.of(
                "u" + random.nextInt(6), "ns", "n" + random.nextInt(3), hash(random.nextInt(5)));
        stored.add(s);
        entries.add(CredentialSet.Secret.of(s, T0.plusSeconds(random.nextInt(100))));
      }
      PulledRecord record =
          new PulledRecord("sha256:r", T0, Map.of(APP, CredentialSet.of(entries, List.of())));
      List<SecretCredential> pod = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        pod.add(
            SecretCredential.of(
                "u" + random.nextInt(6), "ns", "n" + random.nextInt(3), hash(random.nextInt(7))));
      }
      long notBefore = T0.plusSeconds(random.nextInt(120)).toEpochMilli();
      int expected = ViewMatcher.match(record.credentialsFor(APP), pod, notBefore);
      assertThat(match(record, pod, null, notBefore))
          .as("seed %d round %d", seed, round)
          .isEqualTo(expected);
    }
  }

  @Test
  void inPlace_flippedBitInARow_isDamageAtOpen() {
    SecretCredential stored = secret("team-a", "regcred", 1);
    byte[] bytes = RecordFormat.encode(app(secrets(T0, stored), List.of()));
    int row = ByteBuffer.wrap(bytes).getInt(24 + 8);
    bytes[row + 33] ^= 1; // acceptedAt, which the header check does not cover
    cursor.parse(APP);

    assertThatThrownBy(() -> probe.open(ByteBuffer.wrap(bytes), true))
        .isInstanceOf(StoreDamagedException.class)
        .hasMessageContaining("checksum");

    probe.open(ByteBuffer.wrap(bytes), false);
    assertThat(probe.findEntry(cursor)).isEqualTo(CREDENTIALS);
    assertThat(probe.match(List.of(stored), null, NEVER, UnaryOperator.identity()))
        .as("a copy checked on its way into a cache is not checked again")
        .isEqualTo(SECRET_HASH);
  }

  /**
   * Regression (found by RecordFuzzTest): a short value damaged in another image name's entry was
   * read in place and granted NODE_ACCESSIBLE for the intact entry; a short value is checked whole.
   */
  @Test
  void inPlace_shortValue_damageOutsideTheEntryADecisionReads_isDamageAtOpen() {
    PulledRecord record =
        new PulledRecord(
            "sha256:app",
            T0,
            Map.of(
                "docker.io/library/nginx",
                CredentialSet.nodePodsAccessible(),
                APP,
                secrets(T0, secret("team-a", "regcred", 1))));
    byte[] bytes = RecordFormat.encode(record);
    int appRow = ByteBuffer.wrap(bytes).getInt(24 + 20 + 8);
    bytes[appRow + 33] ^= 1;

    assertThatThrownBy(() -> probe.open(ByteBuffer.wrap(bytes), true))
        .isInstanceOf(StoreDamagedException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void inPlace_longValue_flippedBitInTheMatchedRow_isDamage_andAnotherRowStillMatches() {
    SecretCredential[] stored = new SecretCredential[100];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = secret("ns-" + i, "s" + i, i + 1);
    }
    byte[] bytes = RecordFormat.encode(app(secrets(T0, stored), List.of()));
    assertThat(bytes.length).isGreaterThan(RecordProbe.WHOLE_CHECK_MAX_LENGTH);
    int row = secretRow(bytes, 0, stored[7]);
    bytes[row + 33] ^= 1; // acceptedAt: neither the header check nor the search covers it
    cursor.parse(APP);

    probe.open(ByteBuffer.wrap(bytes), true);
    assertThat(probe.findEntry(cursor)).isEqualTo(CREDENTIALS);
    assertThatThrownBy(() -> probe.match(List.of(stored[7]), null, NEVER, UnaryOperator.identity()))
        .isInstanceOf(StoreDamagedException.class)
        .hasMessageContaining("row check");
    assertThat(probe.match(List.of(stored[8]), null, NEVER, UnaryOperator.identity()))
        .as("a match that rests on an intact row of a long value")
        .isEqualTo(SECRET_HASH);
  }

  @Test
  void inPlace_longValue_damageInAnotherEntry_leavesAnIntactEntryDeciding() {
    SecretCredential[] stored = new SecretCredential[100];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = secret("ns-" + i, "s" + i, i + 1);
    }
    PulledRecord record =
        new PulledRecord(
            "sha256:app",
            T0,
            Map.of(
                "docker.io/library/nginx",
                CredentialSet.nodePodsAccessible(),
                APP,
                secrets(T0, stored)));
    byte[] bytes = RecordFormat.encode(record);
    int row = secretRow(bytes, 1, stored[3]);
    bytes[row + 33] ^= 1;

    cursor.parse("docker.io/library/nginx");
    probe.open(ByteBuffer.wrap(bytes), true);
    assertThat(probe.findEntry(cursor)).isEqualTo(RecordProbe.NODE_ACCESSIBLE);
  }

  @Test
  void inPlace_longValue_flippedBitInTheHeader_isDamageAtOpen() {
    SecretCredential[] stored = new SecretCredential[100];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = secret("ns-" + i, "s" + i, i + 1);
    }
    byte[] bytes = RecordFormat.encode(app(secrets(T0, stored), List.of()));
    int headerEnd = ByteBuffer.wrap(bytes).getInt(20);
    for (int i = 2; i < headerEnd + 4; i++) {
      byte[] damaged = bytes.clone();
      damaged[i] ^= 4;
      assertThatThrownBy(() -> probe.open(ByteBuffer.wrap(damaged), true))
          .as("byte %d", i)
          .isInstanceOf(StoreDamagedException.class);
    }
  }

  /** The offset of {@code secret}'s row in the entry of name table row {@code nameRow}. */
  private static int secretRow(byte[] bytes, int nameRow, SecretCredential secret) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int entry = buffer.getInt(24 + 20 * nameRow + 8);
    int count = buffer.getInt(24 + 20 * nameRow + 12);
    byte[] hash = secret.hash().bytes();
    for (int i = 0; i < count; i++) {
      int row = entry + 56 * i;
      if (Arrays.equals(bytes, row, row + 32, hash, 0, 32)) {
        return row;
      }
    }
    throw new AssertionError("no row holds the secret's hash");
  }

  @Test
  void inPlace_flippedBitInTheHeader_isDamageAtOpen() {
    byte[] bytes = RecordFormat.encode(app(CredentialSet.nodePodsAccessible(), List.of()));
    for (int i = 2; i < 30; i++) {
      byte[] damaged = bytes.clone();
      damaged[i] ^= 4;
      assertThatThrownBy(() -> probe.open(ByteBuffer.wrap(damaged), true))
          .as("byte %d", i)
          .isInstanceOf(StoreDamagedException.class);
    }
  }

  private static PulledRecord app(CredentialSet set, List<ServiceAccountCoordinates> accounts) {
    if (accounts.isEmpty()) {
      return new PulledRecord("sha256:app", T0, Map.of(APP, set));
    }
    List<CredentialSet.ServiceAccount> stored = new ArrayList<>();
    for (ServiceAccountCoordinates account : accounts) {
      stored.add(new CredentialSet.ServiceAccount(account, T0));
    }
    return new PulledRecord("sha256:app", T0, Map.of(APP, CredentialSet.of(set.secrets(), stored)));
  }

  private static CredentialSet secrets(Instant acceptedAt, SecretCredential... secrets) {
    List<CredentialSet.Secret> accepted = new ArrayList<>();
    for (SecretCredential secret : secrets) {
      accepted.add(CredentialSet.Secret.of(secret, acceptedAt));
    }
    return CredentialSet.of(accepted, List.of());
  }

  /** The decision rules of steps 9 to 11 over the readable view: the probe's oracle. */
  private static final class ViewMatcher {
    static int match(CredentialSet entry, List<SecretCredential> pod, long notBefore) {
      boolean expired = false;
      for (SecretCredential secret : pod) {
        if (secret.hash().isEmpty()) {
          continue;
        }
        boolean fresh = false;
        for (CredentialSet.Secret stored : entry.secrets()) {
          if (stored.hash().matches(secret.hash())) {
            if (stored.acceptedAt().toEpochMilli() < notBefore) {
              expired = true;
            } else {
              fresh = true;
            }
          }
        }
        if (fresh) {
          boolean complete = secret.coordinates().isComplete();
          return !complete || entry.secretAt(secret.coordinates()) != null
              ? SECRET_HASH
              : SECRET_HASH_NEW_COORDINATES;
        }
        CredentialSet.Secret at = entry.secretAt(secret.coordinates());
        if (at != null) {
          if (at.acceptedAt().toEpochMilli() < notBefore) {
            expired = true;
          } else {
            return SECRET_COORDINATES;
          }
        }
      }
      return expired ? EXPIRED : NO_MATCH;
    }
  }
}
