package dev.pullgate.kubelet;

import static dev.pullgate.kubelet.KubeletRecords.asTheKubeletKeepsIt;
import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.PullRecordStore.Update;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's cache rules in the file store: a miss is answered from memory only while the cache
 * holds everything; after an eviction, or when the records outnumber the cache, misses read files.
 * Files written "behind the store's back" show which of the two happened.
 */
class KubeletFileRecordStoreCacheTest {
  @TempDir Path root;
  private KubeletFileRecordStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void recordMiss_whileTheCacheHoldsEverything_doesNotReadTheDisk() {
    store = open(4);
    put(richRecord("sha256:a", T0));
    behindTheBack().writePulledRecord(richRecord("sha256:b", T0), KubeletApiVersion.V1BETA1);

    assertThat(store.recordCacheIsAuthoritative()).isTrue();
    assertThat(store.pulledRecord("sha256:b")).isEmpty();
  }

  @Test
  void recordMiss_afterAnEviction_readsTheFile() {
    store = open(4);
    for (int i = 0; i < 5; i++) {
      put(richRecord("sha256:r" + i, T0));
    }
    PulledRecord hidden = richRecord("sha256:hidden", T0);
    behindTheBack().writePulledRecord(hidden, KubeletApiVersion.V1BETA1);

    assertThat(store.recordCacheIsAuthoritative()).isFalse();
    assertThat(store.pulledRecord("sha256:hidden")).contains(asTheKubeletKeepsIt(hidden));
    assertThat(store.pulledRecord("sha256:r0"))
        .contains(asTheKubeletKeepsIt(richRecord("sha256:r0", T0)));
  }

  @Test
  void open_withAsManyRecordsAsTheCacheHolds_isNotAuthoritative() {
    KubeletRecordDirectory directory = behindTheBack();
    for (int i = 0; i < 4; i++) {
      directory.writePulledRecord(
          PulledRecord.withoutCredentials("sha256:r" + i, T0), KubeletApiVersion.V1BETA1);
    }
    store = open(4);
    PulledRecord later = richRecord("sha256:later", T0);
    directory.writePulledRecord(later, KubeletApiVersion.V1BETA1);

    assertThat(store.recordCacheIsAuthoritative()).isFalse();
    assertThat(store.pulledRecord("sha256:later")).contains(asTheKubeletKeepsIt(later));
    assertThat(store.pulledRecordCount()).isEqualTo(5);
  }

  @Test
  void open_cachesAtMostWhatTheKubeletCaches() {
    store = KubeletFileRecordStore.open(root);
    assertThat(store.intentCacheCapacity()).isEqualTo(1024);
    assertThat(store.recordCacheCapacity()).isEqualTo(2000);
    store.close();

    store = KubeletFileRecordStore.open(root, KubeletApiVersion.V1ALPHA1, 5000, 9000);
    assertThat(store.intentCacheCapacity()).isEqualTo(KubeletFileRecordStore.MAX_INTENT_CACHE);
    assertThat(store.recordCacheCapacity()).isEqualTo(KubeletFileRecordStore.MAX_RECORD_CACHE);
  }

  @Test
  void open_withFewerRecordsThanTheCacheHolds_isAuthoritative() {
    KubeletRecordDirectory directory = behindTheBack();
    for (int i = 0; i < 3; i++) {
      directory.writePulledRecord(richRecord("sha256:r" + i, T0), KubeletApiVersion.V1ALPHA1);
    }
    store = open(4);

    assertThat(store.recordCacheIsAuthoritative()).isTrue();
    assertThat(store.pulledRecord("sha256:r2"))
        .contains(asTheKubeletKeepsIt(richRecord("sha256:r2", T0)));
  }

  @Test
  void listing_thatFitsTheCacheAgain_makesItAuthoritative() {
    store = open(4);
    for (int i = 0; i < 5; i++) {
      put(richRecord("sha256:r" + i, T0));
    }
    store.write(Update.deleteRecord("sha256:r3"));
    store.write(Update.deleteRecord("sha256:r4"));
    assertThat(store.recordCacheIsAuthoritative()).isFalse();

    assertThat(store.pulledRecords()).hasSize(3);
    assertThat(store.recordCacheIsAuthoritative()).isTrue();
  }

  @Test
  void listing_withADamagedFile_throwsAndKeepsMissesOnTheDisk() throws Exception {
    KubeletRecordDirectory directory = behindTheBack();
    directory.writePulledRecord(richRecord("sha256:good", T0), KubeletApiVersion.V1BETA1);
    directory.createDirectories();
    Files.writeString(
        root.resolve("pulled").resolve(KubeletRecordDirectory.fileName("sha256:bad")), "{\"kind");
    store = open(4);

    assertThat(store.recordCacheIsAuthoritative()).isFalse();
    assertThatThrownBy(store::pulledRecords)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("1 pulled record file(s)");
    Listing<PulledRecord> listing = store.listPulledRecords();
    assertThat(listing.items()).containsExactly(asTheKubeletKeepsIt(richRecord("sha256:good", T0)));
    assertThat(listing.errors()).hasSize(1);
    assertThatThrownBy(() -> store.pulledRecord("sha256:bad")).isInstanceOf(StoreException.class);
  }

  @Test
  void intentMiss_followsTheSameRules() {
    store = KubeletFileRecordStore.open(root, KubeletApiVersion.V1BETA1, 2, 4);
    store.write(Update.putIntent("a:1"));
    store.write(Update.putIntent("b:1"));
    behindTheBack().writePullIntent("hidden:1", KubeletApiVersion.V1BETA1);
    assertThat(store.intentCacheIsAuthoritative()).isTrue();
    assertThat(store.pullIntentExists("hidden:1")).isFalse();

    store.write(Update.putIntent("c:1"));

    assertThat(store.intentCacheIsAuthoritative()).isFalse();
    assertThat(store.pullIntentExists("hidden:1")).isTrue();
    assertThat(store.pullIntentExists("a:1")).isTrue();
  }

  @Test
  void cachedRecord_keepsWholeSecondsAndOneTimePerRecord_likeItsFile() {
    store = open(4);
    put(richRecord("sha256:a", T0.plusMillis(750)));

    PulledRecord asFiled = asTheKubeletKeepsIt(richRecord("sha256:a", T0));
    assertThat(store.pulledRecord("sha256:a")).contains(asFiled);
    assertThat(behindTheBack().readPulledRecord("sha256:a")).contains(asFiled);
  }

  private void put(PulledRecord record) {
    store.write(Update.putRecord(record));
  }

  private KubeletFileRecordStore open(int cacheSize) {
    return KubeletFileRecordStore.open(root, KubeletApiVersion.V1BETA1, cacheSize, cacheSize);
  }

  private KubeletRecordDirectory behindTheBack() {
    return KubeletRecordDirectory.at(root);
  }
}
