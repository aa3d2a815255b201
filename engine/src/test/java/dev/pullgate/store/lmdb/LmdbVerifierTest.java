package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.richRecord;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.record.PulledRecord;
import dev.pullgate.record.RecordFormat;
import dev.pullgate.store.PullRecordStore.Update;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import net.openhft.hashing.LongHashFunction;
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
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(richRecord("sha256:rich", T0)));
      store.write(Update.putRecord(richRecord(longRef, T0)));
      store.write(Update.putIntent("docker.io/library/nginx:1.25"));

      LmdbPullRecordStore.Verification verification = store.verify();

      assertThat(verification.pulledRecords()).isEqualTo(2);
      assertThat(verification.pullIntents()).isEqualTo(1);
      assertThat(verification.isIntact()).isTrue();
    }
  }

  @Test
  void verify_flippedByteInOneValue_reportsThatEntryAlone() throws Exception {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:damaged", T0, MARKER, secret("ns", "s", 1))));
      store.write(Update.putRecord(richRecord("sha256:fine", T0)));
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      LmdbPullRecordStore.Verification verification = store.verify();

      assertThat(verification.pulledRecords()).isEqualTo(2);
      assertThat(verification.damage())
          .containsExactly(
              new LmdbPullRecordStore.Damage(
                  "pulled record", "sha256:damaged", "its checksum does not match"));
    }
  }

  @Test
  void verify_valueUnderAnotherKey_reportsKeyMismatch() {
    createEmptyStore();
    putRaw(Schema.RECORDS_DB, "sha256:misfiled", stored(richRecord("sha256:elsewhere", T0)));

    LmdbPullRecordStore.Verification verification = verifyReadOnly();

    assertThat(verification.damage())
        .anySatisfy(
            d -> {
              assertThat(d.key()).isEqualTo("sha256:misfiled");
              assertThat(d.problem()).contains("key does not match the imageRef");
            });
  }

  @Test
  void verify_flippedBitInAKey_reportsTheRecordThatLostItsKey() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:aaaa", T0, "r.example/a", secret("ns", "s", 1))));
    }
    moveRaw(Schema.RECORDS_DB, "sha256:aaaa", "sha256:aaca");

    LmdbPullRecordStore.Verification verification = verifyReadOnly();

    assertThat(verification.isIntact()).isFalse();
    assertThat(verification.damage())
        .anySatisfy(
            d -> {
              assertThat(d.key()).isEqualTo("sha256:aaca");
              assertThat(d.problem()).contains("key does not match");
            });
  }

  @Test
  void verify_unsortedSecretRowsUnderValidChecks_reportsNonCanonicalValue() {
    createEmptyStore();
    PulledRecord record =
        record(
            "sha256:unsorted",
            T0,
            "registry.example/team/app",
            secret("a", "x", 1),
            secret("b", "y", 2));
    ByteBuffer value = ByteBuffer.wrap(RecordFormat.encode(record));
    int rows = entryOffsetOfFirstName(value);
    byte[] first = new byte[56];
    byte[] second = new byte[56];
    value.get(rows, first).get(rows + 56, second);
    value.put(rows, second).put(rows + 56, first);
    int checksumAt = value.limit() - 8;
    value.putLong(checksumAt, LongHashFunction.xx3().hashBytes(value, 0, checksumAt));
    putRaw(Schema.RECORDS_DB, "sha256:unsorted", direct(value));

    LmdbPullRecordStore.Verification verification = verifyReadOnly();

    assertThat(verification.damage())
        .anySatisfy(d -> assertThat(d.problem()).contains("not in canonical form"));
  }

  @Test
  void verify_recordWithoutItsIndexEntries_reportsIt() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:idx", T0, "r.example/a", secret("ns", "s", 1))));
    }
    clearRaw(Schema.INDEX_DB);

    assertThat(verifyReadOnly().damage())
        .singleElement()
        .satisfies(d -> assertThat(d.problem()).contains("forgetting index lacks"));
  }

  @Test
  void verify_damagedIntentUnderDigestKey_namesTheDigestAndKeepsGoing() throws Exception {
    String longImage = "registry.example/" + MARKER + "/" + "x".repeat(600) + ":v1";
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putIntent(longImage));
      store.write(Update.putIntent("registry.example/ok:v1"));
      store.write(Update.putRecord(richRecord("sha256:fine", T0)));
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      LmdbPullRecordStore.Verification verification = store.verify();

      assertThat(verification.pullIntents()).isEqualTo(2);
      assertThat(verification.damage())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.kind()).isEqualTo("pull intent");
                assertThat(d.key()).matches("digest:[0-9a-f]{64}");
                assertThat(d.problem()).contains("checksum");
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
    LmdbPullRecordStore.open(dir).close();
  }

  private LmdbPullRecordStore.Verification verifyReadOnly() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      return store.verify();
    }
  }

  private static ByteBuffer stored(PulledRecord record) {
    return direct(ByteBuffer.wrap(RecordFormat.encode(record)));
  }

  private static ByteBuffer direct(ByteBuffer heap) {
    return ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip();
  }

  /** Where the entry region of the record's first name starts (name table row 0, offset 8). */
  private static int entryOffsetOfFirstName(ByteBuffer value) {
    return value.getInt(24 + 8);
  }

  private void moveRaw(String database, String from, String to) {
    withEnv(
        env -> {
          Dbi<ByteBuffer> dbi = env.openDbi(database);
          try (Txn<ByteBuffer> txn = env.txnWrite()) {
            ByteBuffer key = ascii(from);
            ByteBuffer copy = direct(dbi.get(txn, key));
            dbi.delete(txn, key);
            dbi.put(txn, ascii(to), copy);
            txn.commit();
          }
        });
  }

  private void clearRaw(String database) {
    withEnv(
        env -> {
          Dbi<ByteBuffer> dbi = env.openDbi(database);
          try (Txn<ByteBuffer> txn = env.txnWrite()) {
            dbi.drop(txn);
            txn.commit();
          }
        });
  }

  private void withEnv(Consumer<Env<ByteBuffer>> action) {
    try (Env<ByteBuffer> env =
        Env.create()
            .setMaxDbs(Schema.DATABASES)
            .setMapSize(0)
            .open(dir.toFile(), EnvFlags.MDB_NOTLS)) {
      action.accept(env);
    }
  }

  private static ByteBuffer ascii(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
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
