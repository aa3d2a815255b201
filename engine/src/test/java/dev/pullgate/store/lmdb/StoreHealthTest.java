package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.record;
import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.store.lmdb.LmdbPullRecordStore.RepairAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * Absence is earned: verification at open finds damage that makes records vanish, the store says so
 * from then on (also to the next process, through its identity file), and a repair turns every
 * damaged entry toward "pull" and clears the mark.
 */
class StoreHealthTest {
  private static final String MARKER = "registry.example/health-marker-9d2e";

  @TempDir Path dir;

  @Test
  void flippedKey_isFoundAtOpen_markedForTheNextOpen_andMovedBackByARepair() throws Exception {
    PulledRecord record = record("sha256:aaaa", T0, "r.example/a", secret("ns", "s", 1));
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record));
    }
    moveRaw(Schema.RECORDS_DB, "sha256:aaaa", "sha256:aaca");

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.isKnownDamaged()).isFalse();
      assertThat(store.pulledRecord("sha256:aaaa")).as("the record vanished").isEmpty();
      store.startVerification(Duration.ZERO);
      assertThat(store.isKnownDamaged()).isTrue();
      assertThat(store.damageReason()).contains("1 damaged pulled records");
    }
    assertThat(Files.readString(dir.resolve(StoreIdentity.FILE))).contains("damaged");

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.isKnownDamaged()).as("known before any verification").isTrue();
      LmdbPullRecordStore.Repair repair = store.repair();
      assertThat(repair.moved()).isEqualTo(1);
      assertThat(repair.lost()).isZero();
      assertThat(repair.after().isIntact()).isTrue();
      assertThat(store.isKnownDamaged()).isFalse();
      assertThat(store.pulledRecord("sha256:aaaa")).contains(record);
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.isKnownDamaged()).isFalse();
    }
  }

  @Test
  void damagedValueUnderAPlainKey_isRepairedIntoARecordThatLetsNobodyIn() throws Exception {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:hurt", T0, MARKER, secret("ns", "s", 1))));
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.startVerification(Duration.ZERO);
      assertThat(store.isKnownDamaged()).isTrue();
      LmdbPullRecordStore.Repair repair = store.repair();
      assertThat(repair.failClosed()).isEqualTo(1);
      assertThat(repair.after().isIntact()).isTrue();
      PulledRecord repaired = store.pulledRecord("sha256:hurt").orElseThrow();
      assertThat(repaired.pulledByNode()).isTrue();
      assertThat(repaired.credentialMapping()).isEmpty();
      assertThat(store.imageRefsWith(IndexTerm.SECRET_UID, "uid-ns-s")).isEmpty();
    }
  }

  @Test
  void damagedValueUnderADigestKey_cannotBeIdentified_andCountsAsLost() throws Exception {
    String longRef = "sha256:" + "d".repeat(600);
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record(longRef, T0, MARKER, secret("ns", "s", 1))));
    }
    StoreDamage.flipEveryCopyOf(dir, MARKER);

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      LmdbPullRecordStore.Repair repair = store.repair();
      assertThat(repair.lost()).isEqualTo(1);
      assertThat(store.pulledRecordCount()).isZero();
      assertThat(repair.after().damage())
          .singleElement()
          .satisfies(d -> assertThat(d.problem()).contains("pullgate repair --accept-loss"));
      assertThat(repair.markedDamaged()).isTrue();
      assertThat(store.isKnownDamaged()).as("the lost image must not look preloaded").isTrue();
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.isKnownDamaged()).isTrue();
      assertThat(store.repair().markedDamaged()).as("a repair alone keeps the mark").isTrue();
      LmdbPullRecordStore.Repair accepted = store.repair(true);
      assertThat(accepted.actions())
          .singleElement()
          .satisfies(a -> assertThat(a.kind()).isEqualTo(RepairAction.Kind.LOSS_ACCEPTED));
      assertThat(accepted.after().isIntact()).isTrue();
      assertThat(accepted.markedDamaged()).isFalse();
      assertThat(store.isKnownDamaged()).isFalse();
    }
  }

  @Test
  void dryRun_reportsWhatARepairWouldDo_andChangesNothing_besideAWriter() throws Exception {
    PulledRecord record = record("sha256:aaaa", T0, "r.example/a", secret("ns", "s", 1));
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record));
      store.write(Update.putRecord(record("sha256:hurt", T0, MARKER, secret("ns", "t", 2))));
    }
    moveRaw(Schema.RECORDS_DB, "sha256:aaaa", "sha256:aaca");
    StoreDamage.flipEveryCopyOf(dir, MARKER);
    byte[] before = Files.readAllBytes(dir.resolve(StoreDirectory.DATA_FILE));

    try (LmdbPullRecordStore writer = LmdbPullRecordStore.open(dir);
        LmdbPullRecordStore reader = LmdbPullRecordStore.openReadOnly(dir)) {
      LmdbPullRecordStore.Repair plan = reader.planRepair();
      assertThat(plan.applied()).isFalse();
      assertThat(plan.actions())
          .extracting(RepairAction::toString)
          .containsExactly(
              "moved pulled record sha256:aaca (to sha256:aaaa)",
              "made fail-closed pulled record sha256:hurt");
      assertThat(plan.after()).isEqualTo(plan.before());
      assertThat(Files.readAllBytes(dir.resolve(StoreDirectory.DATA_FILE))).isEqualTo(before);

      LmdbPullRecordStore.Repair repair = writer.repair();
      assertThat(repair.applied()).isTrue();
      assertThat(repair.actions()).isEqualTo(plan.actions());
      assertThat(repair.after().isIntact()).isTrue();
      assertThat(writer.pulledRecord("sha256:aaaa")).contains(record);
    }
  }

  @Test
  void damagedSeparatorKey_isRepairedByRebuildingTheTree() throws Exception {
    CorruptionScenario scenario = CorruptionScenario.create();
    scenario.build(dir);
    StoreLayout.Range separator =
        StoreLayout.of(dir).ranges(StoreLayout.Region.BRANCH_KEY, Schema.RECORDS_DB).get(0);
    DataFileEdits.putByte(dir, separator.offset(), 0x80 | 's');

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      LmdbPullRecordStore.Repair repair = store.repair();
      assertThat(repair.before().isIntact()).isFalse();
      assertThat(repair.actions()).isEmpty();
      assertThat(repair.after().isIntact()).isTrue();
      assertThat(repair.markedDamaged()).isFalse();
      for (CorruptionScenario.Probe probe : scenario.probes()) {
        if (probe.expected() == DecisionReason.SECRET_HASH_MATCH) {
          assertThat(store.pulledRecord(probe.imageRef())).as(probe.describe()).isPresent();
        }
      }
    }
  }

  @Test
  void lostIndexEntries_areRebuiltByARepair() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:i", T0, "r.example/a", secret("ns", "s", 1))));
    }
    withEnv(
        env -> {
          Dbi<ByteBuffer> index = env.openDbi(Schema.INDEX_DB);
          try (Txn<ByteBuffer> txn = env.txnWrite()) {
            index.drop(txn);
            txn.commit();
          }
        });
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.verify().isIntact()).isFalse();
      assertThat(store.imageRefsWith(IndexTerm.SECRET_UID, "uid-ns-s")).isEmpty();
      assertThat(store.repair().after().isIntact()).isTrue();
      assertThat(store.imageRefsWith(IndexTerm.SECRET_UID, "uid-ns-s")).containsExactly("sha256:i");
    }
  }

  @Test
  void damagedSeparatorKey_hidesRecordsFromLookups_isFoundAtOpen_andTheirDecisionsFailClosed()
      throws Exception {
    CorruptionScenario scenario = CorruptionScenario.create();
    scenario.build(dir);
    StoreLayout.Range separator =
        StoreLayout.of(dir).ranges(StoreLayout.Region.BRANCH_KEY, Schema.RECORDS_DB).get(0);
    // The separator's first byte gains its top bit: every key of the leaf it leads to now sorts
    // below it, so lookups go to the leaf before, where they are missing; a walk still sees them.
    DataFileEdits.putByte(dir, separator.offset(), 0x80 | 's');
    List<CorruptionScenario.Probe> probes = scenario.probes();
    int hidden = 0;
    try (LmdbPullRecordStore store = LmdbPullRecordStore.openReadOnly(dir)) {
      for (CorruptionScenario.Probe probe : probes) {
        hidden += store.pulledRecord(probe.imageRef()).isEmpty() ? 1 : 0;
      }
      assertThat(store.verify().damage())
          .isNotEmpty()
          .allSatisfy(
              d -> assertThat(d.problem()).contains("a lookup of this key does not find it"));
    }
    assertThat(hidden).as("records a lookup misses").isGreaterThan(probes.size() / 2 / 4);

    try (PullGate gate = PullGate.open(PullGateConfig.builder().storePath(dir).build())) {
      assertThat(gate.metrics().storeDamaged()).isTrue();
      for (CorruptionScenario.Probe probe : probes) {
        PullDecision decision =
            gate.mustAttemptImagePull(probe.image(), probe.imageRef(), probe.pod());
        assertThat(decision.reason() == probe.expected() || decision.mustAttemptPull())
            .as("%s decided %s", probe.describe(), decision)
            .isTrue();
      }
    }
  }

  @Test
  void damagedKeySize_isNotTrustedByARepair_whichCountsTheEntryLostAndKeepsTheMark()
      throws Exception {
    CorruptionScenario scenario = CorruptionScenario.create();
    scenario.build(dir);
    StoreLayout layout = StoreLayout.of(dir);
    StoreLayout.Range key = layout.ranges(StoreLayout.Region.LEAF_KEY, Schema.RECORDS_DB).get(0);
    String imageRef =
        new String(
            Files.readAllBytes(dir.resolve(StoreDirectory.DATA_FILE)),
            (int) key.offset(),
            key.length(),
            StandardCharsets.US_ASCII);
    // One key byte less: the key is another valid imageRef, and the value starts a byte early.
    DataFileEdits.putShort(
        dir,
        key.offset() - DataFilePages.NODE_HEADER_BYTES + DataFilePages.NODE_KEY_SIZE,
        key.length() - 1);

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      LmdbPullRecordStore.Repair repair = store.repair();
      assertThat(repair.lost()).isEqualTo(1);
      assertThat(repair.actions())
          .extracting(RepairAction::toString)
          .contains(
              "lost pulled record "
                  + imageRef.substring(0, imageRef.length() - 1)
                  + " (its damaged value does not confirm its key; it may have been another's)");
      assertThat(repair.markedDamaged()).isTrue();
      assertThat(store.pulledRecord(imageRef)).as("the record the damage hid").isEmpty();
    }
    try (PullGate gate = PullGate.open(PullGateConfig.builder().storePath(dir).build())) {
      CorruptionScenario.Probe probe =
          scenario.probes().stream()
              .filter(p -> p.imageRef().equals(imageRef))
              .findFirst()
              .orElseThrow();
      assertThat(gate.mustAttemptImagePull(probe.image(), imageRef, probe.pod()).reason())
          .isEqualTo(DecisionReason.STORE_ERROR);
    }
  }

  @Test
  void dataFileDamagedWhileOpen_isFoundByTheNextVerification_whichStopsReadsAndWrites()
      throws Exception {
    CorruptionScenario scenario = CorruptionScenario.create();
    scenario.build(dir);
    StoreLayout layout = StoreLayout.of(dir);
    StoreLayout.Range header =
        layout.ranges(StoreLayout.Region.PAGE_HEADER, Schema.RECORDS_DB).get(0);
    String imageRef = scenario.probes().get(0).imageRef();

    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      assertThat(store.pulledRecord(imageRef)).isPresent();
      // A page below the roots says it is another page: LMDB would follow it without a check.
      DataFileEdits.putLong(dir, header.offset() + MetaPage.PGNO_OFFSET, header.pgno() + 1);

      store.startVerification(Duration.ZERO);

      assertThat(store.isKnownDamaged()).isTrue();
      assertThatThrownBy(() -> store.pulledRecord(imageRef))
          .isInstanceOf(StoreDamagedException.class)
          .hasMessageContaining("data.mdb")
          .hasMessageContaining("is no longer read");
      assertThatThrownBy(() -> store.write(Update.putIntent("registry.example/app:v1")))
          .isInstanceOf(StoreDamagedException.class);
    }
    assertThat(StoreIdentity.read(dir).orElseThrow().reason())
        .isEqualTo(LmdbEnv.FILE_DAMAGE_REASON);
  }

  @Test
  void intactStore_staysUnmarked() {
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(Update.putRecord(record("sha256:ok", T0, "r.example/a", secret("ns", "s", 1))));
      store.startVerification(Duration.ofMillis(20));
      assertThat(store.isKnownDamaged()).isFalse();
      assertThat(store.damageReason()).isNull();
    }
  }

  private void moveRaw(String database, String from, String to) {
    withEnv(
        env -> {
          Dbi<ByteBuffer> dbi = env.openDbi(database);
          try (Txn<ByteBuffer> txn = env.txnWrite()) {
            ByteBuffer key = ascii(from);
            ByteBuffer value = dbi.get(txn, key);
            ByteBuffer copy = ByteBuffer.allocateDirect(value.remaining()).put(value).flip();
            dbi.delete(txn, key);
            dbi.put(txn, ascii(to), copy);
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
}
