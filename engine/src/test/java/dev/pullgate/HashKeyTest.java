package dev.pullgate;

import static dev.pullgate.DecisionReason.NODE_ACCESSIBLE;
import static dev.pullgate.DecisionReason.NO_MATCHING_CREDENTIALS;
import static dev.pullgate.DecisionReason.SECRET_COORDINATES_MATCH;
import static dev.pullgate.DecisionReason.SECRET_HASH_MATCH;
import static dev.pullgate.DecisionReason.SERVICE_ACCOUNT_MATCH;
import static dev.pullgate.store.TestRecords.secret;
import static dev.pullgate.store.TestRecords.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.PullGateException;
import dev.pullgate.record.CredentialSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed hashes ({@code pullgate.credentials.hashKey}, ENGINE-SPEC §7): the store keeps
 * HMAC-SHA-256(key, kubelet hash), pods still present kubelet hashes, and a store is only ever read
 * with the key it was written with.
 */
class HashKeyTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "b".repeat(64);
  static final String PUBLIC_REF = "sha256:" + "c".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);
  static final SecretCredential A_ROTATED = secret("team-a", "regcred", 4);
  static final SecretCredential STRANGER = secret("team-z", "regcred", 9);
  static final SecretCredential COPY_OF_A =
      SecretCredential.of("uid-copy", "team-c", "copy", A.hash());
  static final ServiceAccountCoordinates SA = serviceAccount("team-s", "builder");

  @TempDir Path dir;

  private PullGateConfig memory(Path keyFile) {
    return PullGateConfig.builder()
        .storeKind(PullGateConfig.StoreKind.MEMORY)
        .hashKey(keyFile)
        .build();
  }

  private PullGateConfig lmdb(Path keyFile) {
    return PullGateConfig.builder().storePath(dir.resolve("store")).hashKey(keyFile).build();
  }

  @Test
  void keyFile_isCreatedOwnerOnlyWith32Bytes_andKeptAfterwards() throws IOException {
    Path keyFile = dir.resolve("hash.key");
    try (PullGate gate = PullGate.open(memory(keyFile), new TestClock())) {
      assertThat(gate.metrics().storedRecords()).isZero();
    }
    assertThat(Files.size(keyFile)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    byte[] key = Files.readAllBytes(keyFile);
    assertThat(key).isNotEqualTo(new byte[32]);
    try (PullGate gate = PullGate.open(memory(keyFile), new TestClock())) {
      assertThat(gate.metrics().storedRecords()).isZero();
    }
    assertThat(Files.readAllBytes(keyFile)).isEqualTo(key);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("hash.key");
    }
  }

  @Test
  void decisions_matchKubeletHashes_whileTheStoreKeepsOnlyKeyedOnes() throws Exception {
    Path keyFile = dir.resolve("hash.key");
    try (PullGate gate = PullGate.open(memory(keyFile), new TestClock())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      byte[] key = Files.readAllBytes(keyFile);
      CredentialSet.Secret stored = storedSecret(gate, A);
      assertThat(stored.hash()).isNotEqualTo(A.hash()).isEqualTo(hmac(key, A.hash()));

      assertThat(decide(gate, A)).isEqualTo(SECRET_HASH_MATCH);
      assertThat(decide(gate, STRANGER)).isEqualTo(NO_MATCHING_CREDENTIALS);
      // A pod presenting the keyed hash itself holds no credential the registry would accept.
      assertThat(decide(gate, SecretCredential.of("uid-k", "team-k", "k", stored.hash())))
          .isEqualTo(NO_MATCHING_CREDENTIALS);

      assertThat(decide(gate, COPY_OF_A)).isEqualTo(SECRET_HASH_MATCH);
      assertThat(decide(gate, A_ROTATED)).isEqualTo(SECRET_COORDINATES_MATCH);
      gate.flush();
      assertThat(storedSecret(gate, COPY_OF_A).hash()).isEqualTo(hmac(key, A.hash()));
      assertThat(storedSecret(gate, A).hash()).isEqualTo(hmac(key, A_ROTATED.hash()));
      assertThat(decide(gate, A_ROTATED)).isEqualTo(SECRET_HASH_MATCH);
      assertThat(decide(gate, COPY_OF_A)).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  @Test
  void storeWithAKey_refusesToOpenWithoutItOrWithAnother() {
    Path keyFile = dir.resolve("hash.key");
    Path otherKey = dir.resolve("other.key");
    try (PullGate gate = PullGate.open(lmdb(keyFile), new TestClock())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    }
    assertThatThrownBy(() -> PullGate.open(lmdb(null), new TestClock()))
        .isInstanceOf(PullGateException.class)
        .hasMessageContaining("pullgate.credentials.hashKey is not set");
    assertThatThrownBy(() -> PullGate.open(lmdb(otherKey), new TestClock()))
        .isInstanceOf(PullGateException.class)
        .hasMessageContaining("another key");
    // Each refusal released the store, and the right key still opens it.
    try (PullGate gate = PullGate.open(lmdb(keyFile), new TestClock())) {
      assertThat(decide(gate, A)).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  @Test
  void emptyStore_opensWithAKey_andRemembersIt() {
    Path keyFile = dir.resolve("hash.key");
    try (PullGate gate = PullGate.open(lmdb(keyFile), new TestClock())) {
      assertThat(gate.metrics().storedRecords()).isZero();
    }
    assertThatThrownBy(() -> PullGate.open(lmdb(null), new TestClock()))
        .isInstanceOf(PullGateException.class);
  }

  @Test
  void storeWithRecordsAndNoKey_refusesAKey_namingRekey() {
    try (PullGate gate = PullGate.open(lmdb(null), new TestClock())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
    }
    assertThatThrownBy(() -> PullGate.open(lmdb(dir.resolve("hash.key")), new TestClock()))
        .isInstanceOf(PullGateException.class)
        .hasMessageContaining("pullgate rekey");
    try (PullGate gate = PullGate.open(lmdb(null), new TestClock())) {
      assertThat(decide(gate, A)).isEqualTo(SECRET_HASH_MATCH);
    }
  }

  @Test
  void rekey_convertsAnLmdbStore_thatThenDecidesTheSame() throws Exception {
    Path keyFile = dir.resolve("hash.key");
    List<PodCredentials> pods =
        List.of(
            pod(A),
            pod(COPY_OF_A),
            pod(STRANGER),
            PodCredentials.of(List.of(), SA),
            PodCredentials.none());
    List<DecisionReason> before;
    try (PullGate gate = PullGate.open(lmdb(null), new TestClock())) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      gate.recordImagePulled(IMAGE, REF, PullCredentials.serviceAccount(SA));
      gate.recordImagePulled(IMAGE, PUBLIC_REF, PullCredentials.nodePodsAccessible());
      before = decideAll(gate, pods);
    }
    assertThat(before)
        .containsExactly(
            SECRET_HASH_MATCH,
            SECRET_HASH_MATCH,
            NO_MATCHING_CREDENTIALS,
            SERVICE_ACCOUNT_MATCH,
            NO_MATCHING_CREDENTIALS,
            NODE_ACCESSIBLE,
            NODE_ACCESSIBLE,
            NODE_ACCESSIBLE,
            NODE_ACCESSIBLE,
            NODE_ACCESSIBLE);

    assertThat(PullGate.rekey(lmdb(keyFile))).isEqualTo(2);

    try (PullGate gate = PullGate.open(lmdb(keyFile), new TestClock())) {
      byte[] key = Files.readAllBytes(keyFile);
      assertThat(storedSecret(gate, A).hash()).isEqualTo(hmac(key, A.hash()));
      // The coordinates the first engine learned from COPY_OF_A were rekeyed with the rest.
      assertThat(storedSecret(gate, COPY_OF_A).hash()).isEqualTo(hmac(key, A.hash()));
      assertThat(decideAll(gate, pods)).isEqualTo(before);
    }
    assertThatThrownBy(() -> PullGate.open(lmdb(null), new TestClock()))
        .isInstanceOf(PullGateException.class);
    assertThatThrownBy(() -> PullGate.rekey(lmdb(keyFile))).isInstanceOf(PullGateException.class);
  }

  @Test
  void rekey_withoutAKeyOrAStorePath_isRefused() {
    assertThatThrownBy(() -> PullGate.rekey(lmdb(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rekey needs");
    assertThatThrownBy(() -> PullGate.rekey(memory(dir.resolve("hash.key"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rekey needs");
    assertThat(dir.resolve("hash.key")).doesNotExist();
  }

  @Test
  void keyFile_readableByOthersOrOfTheWrongLength_isRefusedNamingTheFileOnly() throws IOException {
    Path open = dir.resolve("open.key");
    Files.write(open, new byte[32]);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> PullGate.open(memory(open), new TestClock()))
        .isInstanceOf(PullGateException.class)
        .hasMessageContaining("open.key")
        .hasMessageContaining("0600");

    Path shortKey = dir.resolve("short.key");
    byte[] sixteen = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Files.write(shortKey, sixteen);
    Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> PullGate.open(memory(shortKey), new TestClock()))
        .isInstanceOf(PullGateException.class)
        .hasMessageContaining("short.key")
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("0123456789abcdef");
  }

  private static List<DecisionReason> decideAll(PullGate gate, List<PodCredentials> pods) {
    List<DecisionReason> reasons = new ArrayList<>();
    for (String ref : List.of(REF, PUBLIC_REF)) {
      for (PodCredentials pod : pods) {
        reasons.add(gate.mustAttemptImagePull(IMAGE, ref, pod).reason());
      }
    }
    return reasons;
  }

  private static DecisionReason decide(PullGate gate, SecretCredential secret) {
    return gate.mustAttemptImagePull(IMAGE, REF, pod(secret)).reason();
  }

  private static PodCredentials pod(SecretCredential secret) {
    return PodCredentials.of(List.of(secret), null);
  }

  private static CredentialSet.Secret storedSecret(PullGate gate, SecretCredential secret) {
    return gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secretAt(secret.coordinates());
  }

  /** HMAC-SHA-256 of the kubelet hash under the key, computed here independently of the engine. */
  private static CredentialHash hmac(byte[] key, CredentialHash kubeletHash)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] keyed = mac.doFinal(kubeletHash.bytes());
    assertThat(HexFormat.of().formatHex(keyed)).hasSize(64);
    return CredentialHash.of(keyed);
  }
}
