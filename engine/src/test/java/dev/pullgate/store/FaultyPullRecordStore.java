package dev.pullgate.store;

import dev.pullgate.error.StoreException;
import dev.pullgate.record.PulledRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A test store over an in-memory store that fails reads or writes on demand and counts the updates
 * it receives, like the kubelet tests' fake store that injects errors.
 */
public final class FaultyPullRecordStore extends ForwardingPullRecordStore {
  private volatile boolean failReads;
  private volatile boolean failWrites;
  private volatile boolean failRecordWrites;
  private volatile boolean damaged;
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger deferredWrites = new AtomicInteger();

  public FaultyPullRecordStore() {
    super(new InMemoryPullRecordStore());
  }

  /** Makes every later read throw {@link StoreException} while {@code fail} is true. */
  public FaultyPullRecordStore failReads(boolean fail) {
    this.failReads = fail;
    return this;
  }

  /** Makes every later update throw {@link StoreException} while {@code fail} is true. */
  public FaultyPullRecordStore failWrites(boolean fail) {
    this.failWrites = fail;
    return this;
  }

  /** Makes every later update that changes a record throw while {@code fail} is true. */
  public FaultyPullRecordStore failRecordWrites(boolean fail) {
    this.failRecordWrites = fail;
    return this;
  }

  /** Makes the store report known damage while {@code damaged} is true. */
  public FaultyPullRecordStore knownDamaged(boolean damaged) {
    this.damaged = damaged;
    return this;
  }

  /** How many updates were written durably. */
  public int writes() {
    return writes.get();
  }

  /** How many updates were written deferred. */
  public int deferredWrites() {
    return deferredWrites.get();
  }

  /** The store underneath, unaffected by injected faults. */
  public PullRecordStore underneath() {
    return delegate();
  }

  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    read();
    return super.readRecord(imageRef, context, reader);
  }

  @Override
  public void forEachRecord(Consumer<PulledRecord> visitor) {
    read();
    super.forEachRecord(visitor);
  }

  @Override
  public boolean pullIntentExists(String reference) {
    read();
    return super.pullIntentExists(reference);
  }

  @Override
  public List<String> pullIntents() {
    read();
    return super.pullIntents();
  }

  @Override
  public long pulledRecordCount() {
    read();
    return super.pulledRecordCount();
  }

  @Override
  public long pullIntentCount() {
    read();
    return super.pullIntentCount();
  }

  @Override
  public void write(Update update) {
    check(update);
    writes.incrementAndGet();
    super.write(update);
  }

  @Override
  public void writeDeferred(Update update) {
    check(update);
    deferredWrites.incrementAndGet();
    super.write(update);
  }

  @Override
  public boolean isKnownDamaged() {
    return damaged || super.isKnownDamaged();
  }

  private void read() {
    if (failReads) {
      throw new StoreException("injected read failure");
    }
  }

  private void check(Update update) {
    if (failWrites) {
      throw new StoreException("injected write failure");
    }
    if (failRecordWrites && update.changes().stream().anyMatch(Change::isRecord)) {
      throw new StoreException("injected record write failure");
    }
  }
}
