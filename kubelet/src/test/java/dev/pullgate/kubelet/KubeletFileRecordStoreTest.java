package dev.pullgate.kubelet;

import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStoreContract;
import java.nio.file.Path;
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
}
