package dev.pullgate.store.lmdb;

import dev.pullgate.store.StoreDamagedException;
import dev.pullgate.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The check of {@code data.mdb} that runs before LMDB maps it, reading with a file channel: LMDB
 * trusts its file, and a page that is missing (the file was truncated) or not what a pointer says
 * crashes the process that maps it (SIGBUS, SIGSEGV) instead of failing.
 *
 * <p>It parses both {@linkplain MetaPage meta pages} and refuses the file unless each is one LMDB
 * 0.9 could have written and both agree on the page size. Then it takes the meta page LMDB will use
 * (the larger transaction id) and checks that the file holds every page up to that snapshot's last
 * one, and that the root pages of its main and free-page databases are branch or leaf pages that
 * carry their own page number, as LMDB writes them. A file may legitimately end before its last
 * page when the pages past its end are free ones that LMDB never wrote; only then does the check
 * {@linkplain FreePageList walk the free-page database} to tell that from a truncation.
 *
 * <p>A writer in another process may commit while the check reads. LMDB writes a snapshot's pages
 * before its meta page and never reuses them while that meta page is the newest, so the check reads
 * the meta pages again at the end and starts over when they changed; the file only grows, so its
 * size read after the meta pages covers them.
 */
final class DataFileCheck {
  private static final int ATTEMPTS = 8;
  private static final long RETRY_PAUSE_NANOS = 1_000_000;

  private DataFileCheck() {}

  /**
   * What the check learned about the snapshot LMDB will open.
   *
   * @param namedDatabases the entries of the main database, where LMDB keeps one per named database
   *     (Pullgate stores nothing else there)
   */
  record Result(long fileBytes, long pageSize, long lastPage, long txnid, long namedDatabases) {}

  /**
   * Checks {@code dir}'s {@code data.mdb}, which exists.
   *
   * @throws StoreDamagedException naming the file and what is wrong with it
   * @throws StoreException when the file cannot be read, or kept changing during every attempt
   */
  static Result check(Path dir) {
    Path data = dir.resolve(StoreDirectory.DATA_FILE);
    try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
      for (int attempt = 1; ; attempt++) {
        ByteBuffer before = metaBytes(channel);
        Result result = null;
        StoreDamagedException damage = null;
        try {
          result = inspect(dir, channel, before);
        } catch (StoreDamagedException e) {
          damage = e;
        }
        if (before.equals(metaBytes(channel))) {
          if (damage != null) {
            throw damage;
          }
          return result;
        }
        if (attempt == ATTEMPTS) {
          throw new StoreException(
              data
                  + " changed during each of "
                  + ATTEMPTS
                  + " checks before opening it (another process commits without pause); open"
                  + " the store again");
        }
        LockSupport.parkNanos(RETRY_PAUSE_NANOS);
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + data + " to check it before opening: " + e, e);
    }
  }

  /**
   * The refusal of the store at {@code dir} because of {@code what}, which names the damaged file,
   * with what to do about it.
   */
  static StoreDamagedException damaged(Path dir, String what) {
    return new StoreDamagedException(
        "store at "
            + dir
            + " is damaged: "
            + what
            + ". It is not opened: LMDB could crash this process on a damaged file, and a store"
            + " taken for a new one would make every image look preloaded. Run `pullgate verify"
            + " --store "
            + dir
            + "` to diagnose; restore the directory from a backup, or move it aside and start an"
            + " empty store explicitly (then import the kubelet's records into it with `pullgate"
            + " import-kubelet`)");
  }

  private static Result inspect(Path dir, FileChannel channel, ByteBuffer metas)
      throws IOException {
    long size = channel.size();
    if (size == 0) {
      throw damaged(dir, StoreDirectory.DATA_FILE + " is empty (0 bytes)");
    }
    if (metas.remaining() < MetaPage.META_END) {
      throw damaged(dir, truncated(size, ", too short for LMDB's first meta page"));
    }
    MetaPage first = MetaPage.parse(0, metas.slice(0, MetaPage.META_END));
    requireSane(dir, first);
    if (size < MetaPage.NUM_METAS * first.pageSize()
        || metas.remaining() < MetaPage.NUM_METAS * MetaPage.META_END) {
      throw damaged(
          dir,
          truncated(
              size, ", shorter than its two meta pages of " + bytes(first.pageSize()) + " each"));
    }
    MetaPage second = MetaPage.parse(1, metas.slice(MetaPage.META_END, MetaPage.META_END));
    requireSane(dir, second);
    if (first.pageSize() != second.pageSize()) {
      throw damaged(
          dir,
          "the meta pages of "
              + StoreDirectory.DATA_FILE
              + " disagree on the page size ("
              + first.pageSize()
              + " and "
              + second.pageSize()
              + ")");
    }
    MetaPage used = second.isNewerThan(first) ? second : first;
    Pages pages = new Pages(channel, used.pageSize(), size, used.lastPage());
    if (size < used.usedBytes()
        && (size % used.pageSize() != 0
            || !FreePageList.listsAll(pages, used.freeDb(), size / used.pageSize()))) {
      throw damaged(
          dir,
          truncated(
              size,
              " but its meta page "
                  + used.index()
                  + " says "
                  + bytes(used.usedBytes())
                  + " are in use"));
    }
    for (MetaPage.Tree tree : new MetaPage.Tree[] {used.mainDb(), used.freeDb()}) {
      if (!tree.isEmpty()) {
        String problem = rootProblem(pages, tree);
        if (problem != null) {
          throw damaged(dir, problem + " (meta page " + used.index() + ")");
        }
      }
    }
    return new Result(
        size, used.pageSize(), used.lastPage(), used.txnid(), used.mainDb().entries());
  }

  private static void requireSane(Path dir, MetaPage meta) {
    String problem = meta.problem();
    if (problem != null) {
      throw damaged(dir, problem);
    }
  }

  /** What is wrong with the header of {@code tree}'s root page, or null when it is sound. */
  private static String rootProblem(Pages pages, MetaPage.Tree tree) throws IOException {
    String page =
        "page "
            + tree.root()
            + " of "
            + StoreDirectory.DATA_FILE
            + ", the root of its "
            + tree.name()
            + " database,";
    ByteBuffer header = pages.read(tree.root(), 0, MetaPage.PAGE_HEADER_BYTES);
    if (header == null) {
      return page + " is past the end of the file: the file was truncated";
    }
    long pgno = header.getLong(MetaPage.PGNO_OFFSET);
    int flags = Short.toUnsignedInt(header.getShort(MetaPage.FLAGS_OFFSET));
    int expected = tree.depth() == 1 ? MetaPage.P_LEAF : MetaPage.P_BRANCH;
    if (pgno != tree.root()) {
      return page + " says it is page " + Long.toUnsignedString(pgno);
    }
    if (flags != expected) {
      return page
          + " has page flags "
          + MetaPage.hex(flags)
          + " where LMDB writes a "
          + (expected == MetaPage.P_LEAF ? "leaf" : "branch")
          + " page ("
          + MetaPage.hex(expected)
          + ") for a tree of depth "
          + tree.depth();
    }
    if (Pages.keys(header, pages.pageSize()) < 1) {
      return page + " has free-space bounds that do not fit a page of its keys";
    }
    return null;
  }

  /** The bytes of both meta pages as far as the file holds them: page 0's, then page 1's. */
  private static ByteBuffer metaBytes(FileChannel channel) throws IOException {
    ByteBuffer first = readAt(channel, 0, MetaPage.META_END);
    long pageSize =
        first.remaining() == MetaPage.META_END
            ? Integer.toUnsignedLong(first.getInt(MetaPage.FREE_DB_OFFSET + MetaPage.TREE_PAD))
            : 0;
    ByteBuffer second =
        pageSize >= MetaPage.MIN_PAGE_SIZE && pageSize <= MetaPage.MAX_PAGE_SIZE
            ? readAt(channel, pageSize, MetaPage.META_END)
            : ByteBuffer.allocate(0);
    return ByteBuffer.allocate(first.remaining() + second.remaining())
        .put(first)
        .put(second)
        .flip();
  }

  /** Up to {@code length} bytes at {@code position}, fewer where the file ends, in native order. */
  static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.flip();
  }

  private static String truncated(long size, String what) {
    return StoreDirectory.DATA_FILE + " is " + bytes(size) + what + ": the file was truncated";
  }

  private static String bytes(long n) {
    return String.format(Locale.ROOT, "%,d bytes", n);
  }

  /**
   * Reads pages of the data file by number, never past its end.
   *
   * @param lastPage the last page of the snapshot being checked: no pointer may go past it
   */
  record Pages(FileChannel channel, long pageSize, long fileBytes, long lastPage) {
    /** {@code length} bytes at {@code offset} in page {@code pgno}, or null past the file's end. */
    ByteBuffer read(long pgno, long offset, int length) throws IOException {
      if (pgno < 0 || pgno > lastPage || offset + length > pageSize * (lastPage + 1 - pgno)) {
        return null;
      }
      long position = pgno * pageSize + offset;
      if (position + length > fileBytes) {
        return null;
      }
      ByteBuffer bytes = readAt(channel, position, length);
      return bytes.remaining() == length ? bytes : null;
    }

    /**
     * The number of keys of a branch or leaf page with {@code header}, or -1 when its free-space
     * bounds do not fit a page of {@code pageSize} bytes.
     */
    static int keys(ByteBuffer header, long pageSize) {
      int lower = Short.toUnsignedInt(header.getShort(MetaPage.LOWER_OFFSET));
      int upper = Short.toUnsignedInt(header.getShort(MetaPage.UPPER_OFFSET));
      if (lower < MetaPage.PAGE_HEADER_BYTES
          || lower > upper
          || upper > pageSize
          || (lower - MetaPage.PAGE_HEADER_BYTES) % 2 != 0) {
        return -1;
      }
      return (lower - MetaPage.PAGE_HEADER_BYTES) / 2;
    }
  }
}
