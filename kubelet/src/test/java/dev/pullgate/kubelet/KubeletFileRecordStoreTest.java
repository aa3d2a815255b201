package dev.pullgate.kubelet;

import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.PullRecordStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against the kubelet's file-per-record store. */
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
}
