package dev.pullgate.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's store with its caches off, the baseline of {@code pullgate bench} for a node beyond
 * any cache: every lookup reads its file. Files changed "behind the store's back" show it; the same
 * steps over the store with its LRU show the cache answering instead.
 */
class KubeletFileRecordStoreUncachedTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path root;

  private static PulledRecord record(String imageRef, String imageName) {
    return new PulledRecord(imageRef, T0, Map.of(imageName, CredentialSet.nodePodsAccessible()));
  }

  private KubeletRecordDirectory behindTheBack() {
    return KubeletRecordDirectory.at(root);
  }

  @Test
  void uncached_everyRecordLookupReadsItsFile() {
    try (KubeletFileRecordStore store =
        KubeletFileRecordStore.openUncached(root, KubeletApiVersion.V1BETA1)) {
      store.write(Update.putRecord(record("sha256:a", "registry.example/one")));
      PulledRecord changed = record("sha256:a", "registry.example/two");
      behindTheBack().writePulledRecord(changed, KubeletApiVersion.V1BETA1);

      assertThat(store.pulledRecord("sha256:a")).contains(changed);

      behindTheBack().deletePulledRecord("sha256:a");
      assertThat(store.pulledRecord("sha256:a")).isEmpty();

      PulledRecord hidden = record("sha256:hidden", "registry.example/three");
      behindTheBack().writePulledRecord(hidden, KubeletApiVersion.V1BETA1);
      assertThat(store.pulledRecord("sha256:hidden")).contains(hidden);
      assertThat(store.recordCacheCapacity()).isZero();
      assertThat(store.recordCacheIsAuthoritative()).isFalse();
    }
  }

  @Test
  void withItsLru_theSameLookupsAreAnsweredByTheCache() {
    try (KubeletFileRecordStore store = KubeletFileRecordStore.open(root)) {
      PulledRecord written = record("sha256:a", "registry.example/one");
      store.write(Update.putRecord(written));
      behindTheBack()
          .writePulledRecord(record("sha256:a", "registry.example/two"), KubeletApiVersion.V1BETA1);
      behindTheBack()
          .writePulledRecord(
              record("sha256:hidden", "registry.example/three"), KubeletApiVersion.V1BETA1);

      assertThat(store.pulledRecord("sha256:a")).contains(written);
      assertThat(store.pulledRecord("sha256:hidden")).isEmpty();
    }
  }

  @Test
  void uncached_everyIntentLookupLooksForItsFile() {
    try (KubeletFileRecordStore store =
        KubeletFileRecordStore.openUncached(root, KubeletApiVersion.V1BETA1)) {
      store.write(Update.putIntent("registry.example/app:v1"));
      behindTheBack().deletePullIntent("registry.example/app:v1");
      behindTheBack().writePullIntent("registry.example/other:v2", KubeletApiVersion.V1BETA1);

      assertThat(store.pullIntentExists("registry.example/app:v1")).isFalse();
      assertThat(store.pullIntentExists("registry.example/other:v2")).isTrue();
      assertThat(store.intentCacheCapacity()).isZero();
      assertThat(store.intentCacheIsAuthoritative()).isFalse();
    }
  }

  @Test
  void uncached_opensOverRecordsWithoutCachingThem() {
    PulledRecord before = record("sha256:before", "registry.example/one");
    behindTheBack().createDirectories();
    behindTheBack().writePulledRecord(before, KubeletApiVersion.V1BETA1);

    try (KubeletFileRecordStore store =
        KubeletFileRecordStore.openUncached(root, KubeletApiVersion.V1BETA1)) {
      behindTheBack().deletePulledRecord("sha256:before");

      assertThat(store.pulledRecord("sha256:before")).isEmpty();
      assertThat(store.pulledRecordCount()).isZero();
    }
  }

  @Test
  void negativeCacheSizes_areRefused() {
    assertThatThrownBy(() -> KubeletFileRecordStore.open(root, KubeletApiVersion.V1BETA1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cache sizes must not be negative, were intents=-1 records=0");
  }
}
