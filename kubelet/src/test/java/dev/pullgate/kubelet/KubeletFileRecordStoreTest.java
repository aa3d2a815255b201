package dev.pullgate.kubelet;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStore.Update;
import dev.pullgate.store.PullRecordStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against the kubelet's file-per-record store, and what its format cannot keep:
 * a hash key, names observed as preloaded, and a time per credential.
 */
class KubeletFileRecordStoreTest extends PullRecordStoreContract {
  @TempDir Path root;

  @Override
  protected PullRecordStore openStore() {
    return KubeletFileRecordStore.open(root);
  }

  @Override
  protected PullRecordStore reopenStore(PullRecordStore closed) {
    closed.close();
    return KubeletFileRecordStore.open(root);
  }

  @Override
  protected boolean keepsHashKeys() {
    return false;
  }

  @Override
  protected boolean keepsPreloadedNamesAndAcceptanceTimes() {
    return false;
  }

  @Test
  void credentialsAcceptedAtDifferentTimes_readBackAtTheRecordsTimeInWholeSeconds() {
    Instant time = T0.plusMillis(750);
    store.write(Update.putRecord(richRecord("sha256:times", time)));

    PulledRecord read = store.pulledRecord("sha256:times").orElseThrow();
    CredentialSet app = read.credentialsFor("registry.example/team/app");
    assertThat(read.lastUpdated()).isEqualTo(T0);
    assertThat(app.secrets()).extracting(CredentialSet.Secret::acceptedAt).containsOnly(T0);
    assertThat(app.serviceAccounts())
        .extracting(CredentialSet.ServiceAccount::acceptedAt)
        .containsOnly(T0);
    assertThat(KubeletRecordDirectory.at(root).readPulledRecord("sha256:times")).contains(read);
  }

  @Test
  void update_withPreloadedNames_isRefusedBeforeAnythingIsWritten() {
    NavigableMap<String, CredentialSet> mapping = new TreeMap<>();
    mapping.put("registry.example/team/app", CredentialSet.nodePodsAccessible());
    PulledRecord pulledAndPreloaded =
        new PulledRecord(
            "sha256:both", T0, true, mapping, new TreeSet<>(List.of("docker.io/library/nginx")));
    Update update =
        Update.builder()
            .putIntent("docker.io/library/redis:7")
            .putRecord(PulledRecord.withoutCredentials("sha256:first", T0))
            .putRecord(pulledAndPreloaded)
            .build();

    assertThatThrownBy(() -> store.write(update))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("preloaded");

    assertThat(store.pulledRecordCount()).isZero();
    assertThat(store.pullIntentCount()).isZero();
    assertThat(KubeletRecordDirectory.at(root).countPulledRecordFiles()).isZero();
  }

  @Test
  void update_withARecordOnlyObservedAsPreloaded_isRefused() {
    Update update =
        Update.putRecord(
            PulledRecord.preloaded("sha256:pre", T0, List.of("docker.io/library/nginx")));

    assertThatThrownBy(() -> store.write(update)).isInstanceOf(StoreException.class);

    assertThat(store.pulledRecord("sha256:pre")).isEmpty();
    assertThat(KubeletRecordDirectory.at(root).readPulledRecord("sha256:pre")).isEmpty();
  }
}
