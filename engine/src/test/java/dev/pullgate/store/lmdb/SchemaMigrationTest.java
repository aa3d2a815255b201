package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.StoreException;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.IndexTerm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by schema version 1 (the fixture under {@code fixtures/store-v1}, written by
 * Pullgate 0.1) opens for writing, migrates once, and holds the same records afterwards: every
 * credential dated at its record's time, intents keyed by normalised reference, the forgetting
 * index built.
 */
class SchemaMigrationTest {
  private static final String REF_A = "sha256:" + "a1".repeat(32);
  private static final String REF_B = "sha256:" + "b2".repeat(32);
  private static final String REF_C = "sha256:" + "c3".repeat(32);
  private static final String REF_LONG = "sha256:" + "d4".repeat(32) + "/" + "x".repeat(600);
  private static final String REF_E = "sha256:" + "e5".repeat(32);

  @TempDir Path dir;

  /** A copy of the fixture's data file in a fresh store directory. */
  static Path copyOfVersionOneStore(Path parent) throws IOException {
    Path store = parent.resolve("store-v1");
    Files.createDirectories(store);
    try (InputStream in =
        SchemaMigrationTest.class.getResourceAsStream("/fixtures/store-v1/data.mdb")) {
      Files.copy(in, store.resolve(StoreDirectory.DATA_FILE));
    }
    return store;
  }

  @Test
  void versionOneStore_migratesOnItsFirstWritableOpen_andReadsTheSame() throws IOException {
    Path store = copyOfVersionOneStore(dir);

    try (LmdbPullRecordStore migrated = LmdbPullRecordStore.open(store)) {
      assertThat(migrated.stats().schemaVersion()).isEqualTo(Schema.VERSION);
      assertThat(migrated.pulledRecordCount()).isEqualTo(5);
      assertThat(migrated.pulledRecord(REF_A)).contains(expectedA());
      assertThat(migrated.pulledRecord(REF_B))
          .contains(
              PulledRecord.withoutCredentials(REF_B, Instant.parse("2025-06-02T10:30:00.123Z")));
      assertThat(migrated.pulledRecord(REF_LONG).orElseThrow().credentialMapping())
          .containsOnlyKeys("registry.example/team/long");
      assertThat(migrated.pulledRecord(REF_C).orElseThrow().credentialMapping())
          .containsOnlyKeys("registry.example:5000/builder");
      CredentialSet blank =
          migrated.pulledRecord(REF_E).orElseThrow().credentialsFor("quay.io/org/tool");
      assertThat(blank.secrets())
          .extracting(CredentialSet.Secret::hash)
          .contains(CredentialHash.EMPTY);
      assertThat(migrated.verify().isIntact()).isTrue();
    }
  }

  @Test
  void versionOneIntents_areReKeyedByNormalisedReference_mergingTwoSpellings() throws IOException {
    Path store = copyOfVersionOneStore(dir);

    try (LmdbPullRecordStore migrated = LmdbPullRecordStore.open(store)) {
      assertThat(migrated.pullIntents())
          .containsExactlyInAnyOrder(
              "docker.io/library/nginx:1.25",
              "registry.example/team/app:v2",
              "docker.io/library/busybox:latest",
              "quay.io/org/tool@sha256:" + "f6".repeat(32));
    }
  }

  @Test
  void migration_buildsTheForgettingIndex() throws IOException {
    Path store = copyOfVersionOneStore(dir);

    try (LmdbPullRecordStore migrated = LmdbPullRecordStore.open(store)) {
      assertThat(migrated.imageRefsWith(IndexTerm.SECRET_UID, "uid-team-a-regcred"))
          .containsExactlyInAnyOrder(REF_A, REF_LONG);
      assertThat(migrated.imageRefsWith(IndexTerm.SERVICE_ACCOUNT_UID, "uid-sa-ci-builder"))
          .containsExactlyInAnyOrder(REF_A, REF_C);
      assertThat(migrated.imageRefsWith(IndexTerm.NAMESPACE, "team-c")).containsExactly(REF_E);
    }
  }

  @Test
  void migratedStore_opensAgainWithoutMigrating() throws IOException {
    Path store = copyOfVersionOneStore(dir);
    long afterMigration;
    try (LmdbPullRecordStore migrated = LmdbPullRecordStore.open(store)) {
      afterMigration = migrated.stats().lastTransactionId();
    }
    try (LmdbPullRecordStore again = LmdbPullRecordStore.open(store)) {
      assertThat(again.stats().lastTransactionId()).isEqualTo(afterMigration);
      assertThat(again.pulledRecord(REF_A)).contains(expectedA());
    }
    try (LmdbPullRecordStore reader = LmdbPullRecordStore.openReadOnly(store)) {
      assertThat(reader.pulledRecordCount()).isEqualTo(5);
    }
  }

  @Test
  void migrationInSmallChunks_givesTheSameStore() throws IOException {
    Path store = copyOfVersionOneStore(dir);
    LmdbEnv env =
        EnvRegistry.acquire(store.toRealPath(), LmdbPullRecordStore.Options.of(store), true);
    try {
      assertThat(env.schemaVersion()).isEqualTo(Schema.LEGACY_VERSION);
      SchemaMigration.migrate(env, 1);
      assertThat(env.schemaVersion()).isEqualTo(Schema.VERSION);
    } finally {
      EnvRegistry.release(env);
    }
    try (LmdbPullRecordStore migrated = LmdbPullRecordStore.open(store)) {
      assertThat(migrated.pulledRecord(REF_A)).contains(expectedA());
      assertThat(migrated.pullIntentCount()).isEqualTo(4);
      assertThat(migrated.verify().isIntact()).isTrue();
    }
  }

  @Test
  void versionOneStore_refusesAReadOnlyOpenUntilMigrated() throws IOException {
    Path store = copyOfVersionOneStore(dir);

    assertThatThrownBy(() -> LmdbPullRecordStore.openReadOnly(store))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 1")
        .hasMessageContaining("open it once for writing");
  }

  /** The fixture's first record, as the current format keeps it. */
  private static PulledRecord expectedA() {
    Instant at = Instant.parse("2025-06-01T10:00:00Z");
    CredentialSet app =
        CredentialSet.of(
            List.of(
                new CredentialSet.Secret(
                    new SecretCoordinates("uid-team-a-regcred", "team-a", "regcred"),
                    CredentialHash.of(new RegistryAuth("robot", "s3cret", "")),
                    at),
                new CredentialSet.Secret(
                    new SecretCoordinates("uid-team-b-pull", "team-b", "pull"),
                    CredentialHash.of(new RegistryAuth("ci", "token-2", "ci@example.com")),
                    at)),
            List.of(
                new CredentialSet.ServiceAccount(
                    new ServiceAccountCoordinates("uid-sa-ci-builder", "ci", "builder"), at)));
    return new PulledRecord(
        REF_A,
        at,
        java.util.Map.of(
            "docker.io/library/nginx",
            CredentialSet.nodePodsAccessible(),
            "registry.example/team/app",
            app));
  }
}
