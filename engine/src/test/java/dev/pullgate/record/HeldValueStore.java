package dev.pullgate.record;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.store.PullRecordStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;

/**
 * A store that holds one stored value, any bytes at all, under one imageRef, and hands it to
 * readers in place as the LMDB store hands a value from its memory map: the imageRef check first,
 * then the reader with {@code inPlace}, damage reported as {@link StoreDamagedException}. It drops
 * every write, so that each decision reads the bytes a fuzz input put there, and owns nothing, so
 * that closing it (with an engine over it) changes nothing.
 */
final class HeldValueStore implements PullRecordStore {
  private final String imageRef;
  private volatile byte[] value;

  HeldValueStore(String imageRef) {
    this.imageRef = imageRef;
  }

  /** Makes {@code bytes} the value stored under the imageRef, or none when null. */
  void hold(byte[] bytes) {
    this.value = bytes;
  }

  @Override
  public <C, R> R readRecord(String ref, C context, RecordReader<C, R> reader) {
    byte[] held = value;
    if (held == null || !ref.equals(imageRef)) {
      return reader.read(context, null, true);
    }
    ByteBuffer stored = ByteBuffer.wrap(held).order(ByteOrder.BIG_ENDIAN);
    if (!RecordFormat.imageRefEquals(stored, ref)) {
      throw new StoreDamagedException("pulled record " + ref + ": its key holds another record");
    }
    return reader.read(context, stored, true);
  }

  @Override
  public void forEachRecord(Consumer<PulledRecord> visitor) {
    byte[] held = value;
    if (held != null) {
      visitor.accept(RecordFormat.decode(held));
    }
  }

  @Override
  public boolean pullIntentExists(String reference) {
    return false;
  }

  @Override
  public List<String> pullIntents() {
    return List.of();
  }

  @Override
  public long pulledRecordCount() {
    return value == null ? 0 : 1;
  }

  @Override
  public long pullIntentCount() {
    return 0;
  }

  @Override
  public void write(Update update) {
    // Dropped: the held bytes are the fuzz input, whatever a merge would make of them.
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
