package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/** The verification walk reports every damaged entry, and only those. */
class LmdbVerifierTest {
  private static final String MARKER = "registry.example/verify-marker-5c1d0b";

  @TempDir Path dir;

  @Test
  void verify_intactStore_countsEverythingAndFindsNoDamage() {
    String longRef = "sha256:" + "a".repeat(600);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(LmdbStoreOptions.of(dir))) {
      store.writePulledRecord(richRecord("sha256:rich", T0));
      store.writePulledRecord(richRecord(longRef, T0));
      store.writePullIntent(new PullIntent("docker.io/library/nginx:1.25"));

      LmdbVerification verification = store.verify();

      assertThat(verification.pulledRecords()).isEqualTo(2);
      assertThat(verification.pullIntents()).isEqualTo(1);
      assertThat(verification.isIntact()).isTrue();
    }
  }

  @Test
  void verify_flippedByteInOneValue_reportsThatEntryAlone() throws Exception {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(LmdbStoreOptions.of(dir))) {
      store.writePulledRecord(record("sha256:damaged", T0, MARKER, secret("ns", "s", 1)));
      store.writePulledRecord(richRecord("sha256:fine", T0));
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      LmdbVerification verification = store.verify();

      assertThat(verification.pulledRecords()).isEqualTo(2);
      assertThat(verification.damage())
          .containsExactly(
              new LmdbDamage("pulled record", "sha256:damaged", "value checksum mismatch"));
    }
  }

  @Test
  void verify_valueUnderAnotherKey_reportsKeyMismatch() {
    createEmptyStore();
    PulledRecord record = richRecord("sha256:elsewhere", T0);
    ByteBuffer value = ByteBuffer.allocateDirect(RecordCodec.encodedLength(record));
    RecordCodec.encode(record, value);
    putRaw(Schema.RECORDS_DB, "sha256:misfiled", value.flip());

    LmdbVerification verification = verifyReadOnly();

    assertThat(verification.damage())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).isEqualTo("sha256:misfiled");
              assertThat(d.problem()).contains("key does not match the imageRef");
            });
  }

  @Test
  void verify_unsortedSecretsWithValidChecksum_reportsNonCanonicalValue() {
    createEmptyStore();
    ByteBuffer value = ByteBuffer.allocateDirect(512);
    ValueFormat.writeHeader(value, ValueFormat.KIND_PULLED_RECORD);
    value.putLong(T0.getEpochSecond()).putInt(0);
    ValueWriter.string(value, "sha256:unsorted");
    ValueWriter.varint(value, 1);
    ValueWriter.string(value, "registry.example/team/app");
    value.put((byte) 0);
    ValueWriter.varint(value, 2);
    for (String namespace : new String[] {"zeta", "alpha"}) {
      ValueWriter.string(value, "uid-" + namespace);
      ValueWriter.string(value, namespace);
      ValueWriter.string(value, "regcred");
      value.put((byte) 32).put(hash(namespace.length()).bytes());
    }
    ValueWriter.varint(value, 0);
    ValueFormat.writeChecksum(value, 0);
    putRaw(Schema.RECORDS_DB, "sha256:unsorted", value.flip());

    LmdbVerification verification = verifyReadOnly();

    assertThat(verification.damage())
        .singleElement()
        .satisfies(d -> assertThat(d.problem()).contains("not in canonical form"));
  }

  @Test
  void verify_damagedIntentUnderDigestKey_namesTheDigestAndKeepsGoing() throws Exception {
    String longImage = "registry.example/" + MARKER + "/" + "x".repeat(600) + ":v1";
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(LmdbStoreOptions.of(dir))) {
      store.writePullIntent(new PullIntent(longImage));
      store.writePullIntent(new PullIntent("registry.example/ok:v1"));
      store.writePulledRecord(richRecord("sha256:fine", T0));
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      LmdbVerification verification = store.verify();

      assertThat(verification.pullIntents()).isEqualTo(2);
      assertThat(verification.damage())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.kind()).isEqualTo("pull intent");
                assertThat(d.key()).matches("digest:[0-9a-f]{64}");
                assertThat(d.problem()).isEqualTo("value checksum mismatch");
              });
    }
  }

  @Test
  void describeKey_controlCharactersAndLongKeys_arePrintable() {
    ByteBuffer key = ByteBuffer.wrap("sha256:a\nb".getBytes(StandardCharsets.UTF_8));
    assertThat(LmdbVerifier.describeKey(key)).isEqualTo("sha256:a\\u000ab");

    ByteBuffer longKey = ByteBuffer.wrap("r".repeat(300).getBytes(StandardCharsets.UTF_8));
    assertThat(LmdbVerifier.describeKey(longKey)).hasSize(121).endsWith("…");

    ByteBuffer notUtf8 = ByteBuffer.wrap(new byte[] {(byte) 0xC3, (byte) 0x28});
    assertThat(LmdbVerifier.describeKey(notUtf8)).isEqualTo("bytes:c328");
  }

  private void createEmptyStore() {
    LmdbPullRecordStore.open(LmdbStoreOptions.of(dir)).close();
  }

  private LmdbVerification verifyReadOnly() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      return store.verify();
    }
  }

  private void putRaw(String database, String key, ByteBuffer value) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(Schema.DATABASES)
            .setMapSize(0)
            .open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      Dbi<ByteBuffer> dbi = env.openDbi(database);
      try (Txn<ByteBuffer> txn = env.txnWrite()) {
        dbi.put(txn, ByteBuffer.allocateDirect(keyBytes.length).put(keyBytes).flip(), value);
        txn.commit();
      }
    }
  }
}
