package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/** Damaged values fail closed and heal on the next write; unknown schemas refuse to open. */
class LmdbCorruptionTest {
  private static final String MARKER = "registry.example/marker-7f3c9a2e51";

  @TempDir Path dir;

  @Test
  void flippedBytesInAValue_failTheRead_andTheNextWriteHealsIt() throws Exception {
    PulledRecord marked = record("sha256:marked", T0, MARKER, secret("ns", "s", 1));
    PulledRecord neighbour = richRecord("sha256:neighbour", T0);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(marked));
      store.write(Update.putRecord(neighbour));
    }
    assertThat(StoreDamage.flipEveryCopyOf(dir, MARKER)).isPositive();

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThatThrownBy(() -> store.pulledRecord("sha256:marked"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("imageRef=sha256:marked")
          .hasMessageContaining("check")
          .hasMessageNotContaining(MARKER.substring(1));
      assertThat(store.pulledRecord("sha256:neighbour")).contains(neighbour);
      assertThatThrownBy(store::pulledRecords).isInstanceOf(StoreException.class);

      PulledRecord fresh = record("sha256:marked", T0.plusSeconds(9), "r.example/new");
      store.write(Update.putRecord(fresh));
      assertThat(store.pulledRecord("sha256:marked")).contains(fresh);
      assertThat(store.pulledRecords()).containsExactlyInAnyOrder(fresh, neighbour);
    }
  }

  /**
   * Regression (found by RecordFuzzTest): a value too short to hold its imageRef offset made the
   * imageRef check that precedes every read throw IndexOutOfBoundsException, not a damage report.
   */
  @Test
  void valueCutShorterThanItsHeader_isDamageNamingTheKey() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:short", T0, MARKER, secret("ns", "s", 1))));
    }
    for (int length : new int[] {0, 1, 12, 19}) {
      replaceValue(Schema.RECORDS_DB, "sha256:short", length);
      try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
        assertThatThrownBy(() -> store.pulledRecord("sha256:short"))
            .as("cut to %d bytes", length)
            .isInstanceOf(StoreDamagedException.class)
            .hasMessageContaining("imageRef=sha256:short");
      }
    }
  }

  @Test
  void damagedValue_canBeDeleted() throws Exception {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:doomed", T0, MARKER, secret("ns", "s", 1))));
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.deleteRecord("sha256:doomed"));
      assertThat(store.pulledRecord("sha256:doomed")).isEmpty();
    }
  }

  @Test
  void newerSchemaVersion_refusesToOpenNamingBothVersions() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(richRecord("sha256:kept", T0)));
    }
    writeSchemaVersion(Schema.VERSION + 1);
    assertThatThrownBy(() -> LmdbPullRecordStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version " + (Schema.VERSION + 1) + " in its data.mdb")
        .hasMessageContaining("(" + Schema.VERSION + ")");
    assertThatThrownBy(() -> LmdbPullRecordStore.openReadOnly(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version " + (Schema.VERSION + 1));

    writeSchemaVersion(Schema.VERSION);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.pulledRecord("sha256:kept")).isPresent();
    }
  }

  @Test
  void valueMovedUnderAnotherPlainKey_isUnreadable_andThePullOfThatImageRefReplacesIt() {
    String image = "registry.example/team/app:v1";
    SecretCredential owner = secret("team-a", "regcred", 1);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(
          Update.putRecord(record("sha256:source", T0, "registry.example/team/app", owner)));
      store.write(Update.putRecord(record("sha256:target", T0, "registry.example/other")));
      store.write(Update.putIntent("registry.example/source:v1"));
      store.write(Update.putIntent("registry.example/target:v1"));
    }
    copyValue(Schema.RECORDS_DB, "sha256:source", "sha256:target");
    copyValue(Schema.INTENTS_DB, "registry.example/source:v1", "registry.example/target:v1");

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThatThrownBy(() -> store.pulledRecord("sha256:target"))
          .isInstanceOf(StoreDamagedException.class)
          .hasMessageContaining("imageRef=sha256:target");
      assertThatThrownBy(() -> store.pullIntentExists("registry.example/target:v1"))
          .isInstanceOf(StoreDamagedException.class);
    }
    PullGateConfig config = PullGateConfig.builder().storePath(dir).build();
    try (PullGate gate = PullGate.open(config)) {
      gate.recordImagePulled(image, "sha256:target", PullCredentials.secret(owner));
      assertThat(
              gate.mustAttemptImagePull(
                      image, "sha256:target", PodCredentials.of(List.of(owner), null))
                  .reason())
          .isEqualTo(DecisionReason.SECRET_HASH_MATCH);
    }
  }

  @Test
  void valueMovedUnderAnotherDigestKey_isUnreadable_notAbsent() {
    String source = "sha256:" + "s".repeat(600);
    String target = "sha256:" + "t".repeat(600);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record(source, T0, "registry.example/a", secret("ns", "s", 1))));
      store.write(Update.putRecord(record(target, T0, "registry.example/b")));
      store.write(Update.putIntent(source));
      store.write(Update.putIntent(target));
    }
    copyRawValue(Schema.RECORDS_DB, digestKey(source), digestKey(target));
    copyRawValue(Schema.INTENTS_DB, digestKey(source), digestKey(target));

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThatThrownBy(() -> store.pulledRecord(target))
          .isInstanceOf(StoreDamagedException.class)
          .hasMessageContaining("another record");
      assertThatThrownBy(() -> store.pullIntentExists(target))
          .isInstanceOf(StoreDamagedException.class);
      assertThat(store.pulledRecord(source)).isPresent();
      PulledRecord fresh = record(target, T0.plusSeconds(1), "registry.example/c");
      store.write(Update.putRecord(fresh));
      assertThat(store.pulledRecord(target)).contains(fresh);
    }
  }

  private static byte[] digestKey(String key) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(key.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[digest.length + 1];
      out[0] = KeyCodec.DIGEST_PREFIX;
      System.arraycopy(digest, 0, out, 1, digest.length);
      return out;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void storeThatLostADatabase_refusesToOpenRatherThanStartEmpty() {
    for (String lost :
        List.of(Schema.INTENTS_DB, Schema.RECORDS_DB, Schema.INDEX_DB, Schema.META_DB)) {
      Path storeDir = dir.resolve("lost-" + lost);
      try (LmdbPullRecordStore store = LmdbPullRecordStore.open(storeDir)) {
        store.write(Update.putRecord(richRecord("sha256:kept", T0)));
        store.write(Update.putIntent("registry.example/app:v1"));
      }
      dropDatabase(storeDir, lost);

      assertThatThrownBy(() -> LmdbPullRecordStore.open(storeDir))
          .as(lost)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("is damaged");
      assertThatThrownBy(() -> LmdbPullRecordStore.openReadOnly(storeDir))
          .as(lost)
          .isInstanceOf(StoreException.class);
    }
  }

  private static void dropDatabase(Path storeDir, String name) {
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(Schema.DATABASES)
            .setMapSize(1 << 24)
            .open(storeDir.toFile(), EnvFlags.MDB_NOTLS)) {
      Dbi<ByteBuffer> dbi = env.openDbi(name);
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        dbi.drop(txn, true);
        txn.commit();
      }
    }
  }

  private void writeSchemaVersion(int version) {
    File file = dir.toFile();
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(Schema.DATABASES)
            .setMapSize(1 << 24)
            .open(file, EnvFlags.MDB_NOTLS)) {
      Dbi<ByteBuffer> meta = env.openDbi(Schema.META_DB);
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        meta.put(
            txn,
            direct(Schema.VERSION_KEY.getBytes(StandardCharsets.UTF_8)),
            direct(Schema.versionBytes(version)));
        txn.commit();
      }
    }
  }

  /** Stores a copy of the value under {@code from} in {@code db} under {@code to} as well. */
  private void copyValue(String db, String from, String to) {
    copyRawValue(db, from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8));
  }

  /** Stores a copy of the value under the raw key {@code from} under the raw key {@code to}. */
  private void copyRawValue(String db, byte[] from, byte[] to) {
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(Schema.DATABASES)
            .setMapSize(1 << 24)
            .open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      Dbi<ByteBuffer> dbi = env.openDbi(db);
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        ByteBuffer value = dbi.get(txn, direct(from));
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        dbi.put(txn, direct(to), direct(bytes));
        txn.commit();
      }
    }
  }

  /** Cuts the value under {@code key} in {@code db} to its first {@code length} bytes. */
  private void replaceValue(String db, String key, int length) {
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(Schema.DATABASES)
            .setMapSize(1 << 24)
            .open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      Dbi<ByteBuffer> dbi = env.openDbi(db);
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        ByteBuffer keyBytes = direct(key.getBytes(StandardCharsets.UTF_8));
        ByteBuffer value = dbi.get(txn, keyBytes);
        byte[] bytes = new byte[Math.min(length, value.remaining())];
        value.get(bytes);
        dbi.put(txn, keyBytes, direct(bytes));
        txn.commit();
      }
    }
  }

  private static ByteBuffer direct(byte[] bytes) {
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
  }
}
