package dev.pullgate.store.lmdb;

import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.richRecord;

import dev.pullgate.record.PulledRecord;
import dev.pullgate.store.TestRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Damages the data file of a closed store the way a failing disk, an interrupted copy or a careless
 * hand would, field by field, for tests of the check that runs before LMDB maps it. Integers are
 * written in native order, as LMDB writes them.
 */
final class DataFileEdits {
  /** How many records {@link #populatedStore} writes. */
  static final int RECORDS = 40;

  private DataFileEdits() {}

  /**
   * Creates a store in {@code dir} holding {@link #RECORDS} records written in one commit after the
   * schema's, so that the last pages of its file are in use.
   */
  static void populatedStore(Path dir) {
    List<PulledRecord> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(richRecord("sha256:record-" + i, T0));
    }
    try (LmdbPullRecordStore store = LmdbPullRecordStore.open(dir)) {
      store.write(TestRecords.putAll(records));
    }
  }

  static Path data(Path dir) {
    return dir.resolve(StoreDirectory.DATA_FILE);
  }

  /** Copies the store files of {@code from} (not its locks) into the new directory {@code to}. */
  static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String file : List.of(StoreDirectory.DATA_FILE, StoreIdentity.FILE)) {
      if (Files.exists(from.resolve(file))) {
        Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  static MetaPage meta(Path dir, int index) throws IOException {
    try (FileChannel channel = FileChannel.open(data(dir), StandardOpenOption.READ)) {
      long offset = index == 0 ? 0 : meta(dir, 0).pageSize();
      return MetaPage.parse(index, DataFileCheck.readAt(channel, offset, MetaPage.META_END));
    }
  }

  /** The meta page LMDB uses: the one with the larger transaction id. */
  static MetaPage newerMeta(Path dir) throws IOException {
    MetaPage first = meta(dir, 0);
    MetaPage second = meta(dir, 1);
    return second.isNewerThan(first) ? second : first;
  }

  /** The root page of the named database {@code name}, found in the main database's root leaf. */
  static long namedRoot(Path dir, String name) throws IOException {
    MetaPage newer = newerMeta(dir);
    try (FileChannel channel = FileChannel.open(data(dir), StandardOpenOption.READ)) {
      DataFilePages pages =
          new DataFilePages(channel, newer.pageSize(), channel.size(), newer.lastPage());
      ByteBuffer page = pages.read(newer.mainDb().root(), 0, (int) newer.pageSize());
      int keys = pages.keys(page);
      for (int i = 0; i < keys; i++) {
        int node = pages.node(page, keys, i);
        int value = DataFilePages.value(page, node);
        byte[] key = new byte[value - node - DataFilePages.NODE_HEADER_BYTES];
        page.get(node + DataFilePages.NODE_HEADER_BYTES, key);
        if (new String(key, StandardCharsets.UTF_8).equals(name)) {
          return MetaPage.tree(name, page, value).root();
        }
      }
    }
    throw new IllegalStateException("no named database " + name + " in " + data(dir));
  }

  /** The file offset of {@code field} (a {@link MetaPage} offset) in meta page {@code index}. */
  static long metaField(Path dir, int index, int field) throws IOException {
    return (index == 0 ? 0 : meta(dir, 0).pageSize()) + field;
  }

  static void truncate(Path dir, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(data(dir), StandardOpenOption.WRITE)) {
      channel.truncate(length);
    }
  }

  static void putLong(Path dir, long offset, long value) throws IOException {
    write(dir, offset, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value));
  }

  static void putInt(Path dir, long offset, int value) throws IOException {
    write(dir, offset, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value));
  }

  static void putShort(Path dir, long offset, int value) throws IOException {
    write(
        dir,
        offset,
        ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort(0, (short) value));
  }

  static void putByte(Path dir, long offset, int value) throws IOException {
    write(dir, offset, ByteBuffer.allocate(1).put(0, (byte) value));
  }

  static int getShort(Path dir, long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(data(dir), StandardOpenOption.READ)) {
      return Short.toUnsignedInt(DataFileCheck.readAt(channel, offset, 2).getShort(0));
    }
  }

  static long getLong(Path dir, long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(data(dir), StandardOpenOption.READ)) {
      return DataFileCheck.readAt(channel, offset, 8).getLong(0);
    }
  }

  private static void write(Path dir, long offset, ByteBuffer bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(data(dir), StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes, offset + bytes.position());
      }
    }
  }
}
