package dev.pullgate.store;

import dev.pullgate.record.PulledRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A store that forwards every call to another: the one place where forwarding is written, so that a
 * decorator (or a test's fake) overrides only what it changes.
 */
public abstract class ForwardingPullRecordStore implements PullRecordStore {
  private final PullRecordStore delegate;

  /**
   * A store forwarding to {@code delegate}.
   *
   * @param delegate the store that calls go to, which this one owns and closes
   */
  protected ForwardingPullRecordStore(PullRecordStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** {@return the store calls are forwarded to} */
  protected final PullRecordStore delegate() {
    return delegate;
  }

  @Override
  public <C, R> R readRecord(String imageRef, C context, RecordReader<C, R> reader) {
    return delegate.readRecord(imageRef, context, reader);
  }

  @Override
  public void forEachRecord(Consumer<PulledRecord> visitor) {
    delegate.forEachRecord(visitor);
  }

  @Override
  public boolean pullIntentExists(String reference) {
    return delegate.pullIntentExists(reference);
  }

  @Override
  public List<String> pullIntents() {
    return delegate.pullIntents();
  }

  @Override
  public long pulledRecordCount() {
    return delegate.pulledRecordCount();
  }

  @Override
  public long pullIntentCount() {
    return delegate.pullIntentCount();
  }

  @Override
  public Set<String> imageRefsWith(IndexTerm term, String value) {
    return delegate.imageRefsWith(term, value);
  }

  @Override
  public Set<String> imageRefsBeingWritten() {
    return delegate.imageRefsBeingWritten();
  }

  @Override
  public void write(Update update) {
    delegate.write(update);
  }

  @Override
  public void writeDeferred(Update update) {
    delegate.writeDeferred(update);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public boolean isKnownDamaged() {
    return delegate.isKnownDamaged();
  }

  @Override
  public Optional<String> hashKeyId() {
    return delegate.hashKeyId();
  }

  @Override
  public void adoptHashKeyId(String id) {
    delegate.adoptHashKeyId(id);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
