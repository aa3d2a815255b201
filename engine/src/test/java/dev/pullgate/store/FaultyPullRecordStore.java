package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test store over {@link InMemoryPullRecordStore} that fails reads or writes on demand and counts
 * the writes it receives, like the kubelet tests' fake store that injects errors.
 */
public final class FaultyPullRecordStore implements PullRecordStore {
  private final InMemoryPullRecordStore delegate = new InMemoryPullRecordStore();
  private volatile boolean failReads;
  private volatile boolean failWrites;
  private volatile boolean failRecordWrites;
  private final AtomicInteger recordWrites = new AtomicInteger();
  private final AtomicInteger deferredWrites = new AtomicInteger();

  /** Makes every later read throw {@link StoreException} while {@code fail} is true. */
  public FaultyPullRecordStore failReads(boolean fail) {
    this.failReads = fail;
    return this;
  }

  /** Makes every later write and delete throw {@link StoreException} while {@code fail} is true. */
  public FaultyPullRecordStore failWrites(boolean fail) {
    this.failWrites = fail;
    return this;
  }

  /** Makes every later write of a pulled record throw while {@code fail} is true; intents work. */
  public FaultyPullRecordStore failRecordWrites(boolean fail) {
    this.failRecordWrites = fail;
    return this;
  }

  /** How many records were written synchronously. */
  public int recordWrites() {
    return recordWrites.get();
  }

  /** How many records were written deferred. */
  public int deferredWrites() {
    return deferredWrites.get();
  }

  /** The records underneath, unaffected by injected faults. */
  public InMemoryPullRecordStore delegate() {
    return delegate;
  }

  @Override
  public Optional<PulledRecord> pulledRecord(String imageRef) {
    read();
    return delegate.pulledRecord(imageRef);
  }

  @Override
  public void writePulledRecord(PulledRecord record) {
    writeRecord();
    recordWrites.incrementAndGet();
    delegate.writePulledRecord(record);
  }

  @Override
  public void writePulledRecordDeferred(PulledRecord record) {
    writeRecord();
    deferredWrites.incrementAndGet();
    delegate.writePulledRecord(record);
  }

  @Override
  public boolean deletePulledRecord(String imageRef) {
    write();
    return delegate.deletePulledRecord(imageRef);
  }

  @Override
  public List<PulledRecord> pulledRecords() {
    read();
    return delegate.pulledRecords();
  }

  @Override
  public boolean pullIntentExists(String image) {
    read();
    return delegate.pullIntentExists(image);
  }

  @Override
  public void writePullIntent(PullIntent intent) {
    write();
    delegate.writePullIntent(intent);
  }

  @Override
  public boolean deletePullIntent(String image) {
    write();
    return delegate.deletePullIntent(image);
  }

  @Override
  public List<PullIntent> pullIntents() {
    read();
    return delegate.pullIntents();
  }

  @Override
  public long pulledRecordCount() {
    read();
    return delegate.pulledRecordCount();
  }

  @Override
  public long pullIntentCount() {
    read();
    return delegate.pullIntentCount();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void read() {
    if (failReads) {
      throw new StoreException("injected read failure");
    }
  }

  private void writeRecord() {
    write();
    if (failRecordWrites) {
      throw new StoreException("injected record write failure");
    }
  }

  private void write() {
    if (failWrites) {
      throw new StoreException("injected write failure");
    }
  }
}
