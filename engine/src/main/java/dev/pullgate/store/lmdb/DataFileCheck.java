package dev.pullgate.store.lmdb;

import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.error.StoreException;
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
 * one, and that the root pages of its main and free-page databases, and of the named databases its
 * main database lists, are branch or leaf pages that carry their own page number, as LMDB writes
 * them. A file may legitimately end before its last page when the pages past its end are free ones
 * that LMDB never wrote; only then does the check {@linkplain FreePageList walk the free-page
 * database} to tell that from a truncation.
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
    if (!consecutive(first, second)) {
      throw damaged(
          dir,
          "the meta pages of "
              + StoreDirectory.DATA_FILE
              + " hold transactions "
              + Long.toUnsignedString(first.txnid())
              + " and "
              + Long.toUnsignedString(second.txnid())
              + ", where LMDB keeps the last two (the transaction ids were changed)");
    }
    MetaPage used = second.isNewerThan(first) ? second : first;
    DataFilePages pages = new DataFilePages(channel, used.pageSize(), size, used.lastPage());
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
    if (used.mainDb().depth() == 1) {
      String problem = namedRootsProblem(pages, used);
      if (problem != null) {
        throw damaged(dir, problem + " (meta page " + used.index() + ")");
      }
    }
    String problem = SnapshotWalk.problem(pages, used);
    if (problem != null) {
      throw damaged(dir, problem + " (meta page " + used.index() + ")");
    }
    problem = SnapshotWalk.olderProblem(channel, size, used == first ? second : first);
    if (problem != null) {
      throw damaged(dir, problem);
    }
    return new Result(
        size, used.pageSize(), used.lastPage(), used.txnid(), used.mainDb().entries());
  }

  /**
   * Whether the meta pages hold the last two transactions, as LMDB writes them: each commit writes
   * its id, one more than the last, over the older page; a new file has 0 in both. Any other pair
   * means a changed id, which could make LMDB open an older snapshot and silently undo a commit.
   */
  private static boolean consecutive(MetaPage first, MetaPage second) {
    long difference = first.txnid() - second.txnid();
    return difference == 1 || difference == -1 || (first.txnid() == 0 && second.txnid() == 0);
  }

  private static void requireSane(Path dir, MetaPage meta) {
    String problem = meta.problem();
    if (problem != null) {
      throw damaged(dir, problem);
    }
  }

  /** What is wrong with the header of {@code tree}'s root page, or null when it is sound. */
  private static String rootProblem(DataFilePages pages, MetaPage.Tree tree) throws IOException {
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
    if (pages.keys(header) < 1) {
      return page + " has free-space bounds that do not fit a page of its keys";
    }
    return null;
  }

  /**
   * What is wrong with the named databases that the main database's root leaf lists (the usual
   * case: a handful of named databases fit one page), or null: each must be a tree of this snapshot
   * whose root page is sound, since every open reads the root of Pullgate's {@code meta} database
   * and the first read of each other one reads its root.
   */
  private static String namedRootsProblem(DataFilePages pages, MetaPage used) throws IOException {
    long root = used.mainDb().root();
    ByteBuffer page = pages.read(root, 0, (int) pages.pageSize());
    if (page == null) {
      return "page "
          + root
          + " of "
          + StoreDirectory.DATA_FILE
          + ", the root of its main"
          + " database, is past the end of the file: the file was truncated";
    }
    int keys = pages.keys(page);
    for (int i = 0; i < keys; i++) {
      int node = pages.node(page, keys, i);
      int value = node < 0 ? -1 : DataFilePages.value(page, node);
      if (node < 0 || value > pages.pageSize()) {
        return "page "
            + root
            + " of "
            + StoreDirectory.DATA_FILE
            + ", the root of its main"
            + " database, has a node outside the page";
      }
      if (DataFilePages.flags(page, node) != DataFilePages.F_SUBDATA) {
        continue;
      }
      String name = "named '" + keyName(page, node, value) + "'";
      if (DataFilePages.low(page, node) != MetaPage.TREE_BYTES
          || value + MetaPage.TREE_BYTES > pages.pageSize()) {
        return "the record of the "
            + name
            + " database in "
            + StoreDirectory.DATA_FILE
            + " does not fit its page "
            + root;
      }
      MetaPage.Tree tree = MetaPage.tree(name, page, value);
      String problem = used.treeProblem(tree);
      if (problem != null) {
        return "the "
            + name
            + " database of "
            + StoreDirectory.DATA_FILE
            + " is inconsistent: "
            + problem;
      }
      problem = tree.isEmpty() ? null : rootProblem(pages, tree);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** A named database's name as a message may show it: printable ASCII, at most 40 characters. */
  static String keyName(ByteBuffer page, int node, int value) {
    StringBuilder name = new StringBuilder();
    for (int at = node + DataFilePages.NODE_HEADER_BYTES; at < value; at++) {
      if (name.length() == 40) {
        return name + "...";
      }
      int c = page.get(at) & 0xFF;
      name.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
    }
    return name.toString();
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
}
