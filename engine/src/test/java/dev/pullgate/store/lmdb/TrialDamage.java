package dev.pullgate.store.lmdb;

import dev.pullgate.store.lmdb.StoreLayout.Range;
import dev.pullgate.store.lmdb.StoreLayout.Region;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * One damage that a corruption trial does to a copy of the scenario's store, chosen from the
 * trial's seed alone: bits flipped in keys, values, page structures or a meta page, a truncated
 * data file, a damaged lock file, a foreign LMDB environment in place of the store, or a damaged
 * identity file. Every change is made with plain file operations, never through LMDB.
 *
 * @param kind the family, for the suite's figures
 * @param description exactly what was done, for the report of a failing trial
 * @param named the strings of which a refusal must contain one: the damaged file's name (or the
 *     directory's path, when the whole directory is foreign)
 */
record TrialDamage(Kind kind, String description, List<String> named, Action action) {
  /** The families of damage. */
  enum Kind {
    NONE,
    KEY_BITS,
    VALUE_BITS,
    PAGE_BITS,
    META_BITS,
    TRUNCATION,
    LOCK_FILE,
    FOREIGN_ENVIRONMENT,
    IDENTITY;

    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** A change to a store directory. */
  @FunctionalInterface
  interface Action {
    void apply(Path dir) throws IOException;
  }

  private static final String DATA = StoreDirectory.DATA_FILE;

  /** Applies this damage to the store copy in {@code dir}. */
  void apply(Path dir) throws IOException {
    action.apply(dir);
  }

  /** No damage: the control trial, whose decisions must equal the model's exactly. */
  static TrialDamage none() {
    return new TrialDamage(Kind.NONE, "no damage", List.of(), dir -> {});
  }

  /**
   * The damage of the trial with {@code seed}, against the template whose data file has {@code
   * layout}; {@code foreign} holds the foreign environments to put in place.
   */
  static TrialDamage pick(long seed, StoreLayout layout, ForeignEnvironments foreign) {
    Random random = new Random(seed);
    int roll = random.nextInt(100);
    if (roll < 20) {
      return keyBits(random, layout);
    } else if (roll < 34) {
      return flip(Kind.VALUE_BITS, random, layout.ranges(Region.VALUE));
    } else if (roll < 52) {
      return pageBits(random, layout);
    } else if (roll < 62) {
      return metaBits(random, layout);
    } else if (roll < 76) {
      return truncation(random, layout);
    } else if (roll < 84) {
      return lockFile(random);
    } else if (roll < 89) {
      return foreign.pick(random);
    } else {
      return IdentityDamage.pick(random);
    }
  }

  private static TrialDamage keyBits(Random random, StoreLayout layout) {
    List<Range> keys =
        random.nextInt(4) == 0
            ? layout.ranges(Region.BRANCH_KEY)
            : layout.ranges(Region.LEAF_KEY).stream()
                .filter(r -> !r.database().equals("main"))
                .toList();
    if (keys.isEmpty()) {
      keys = layout.ranges(Region.LEAF_KEY);
    }
    return flip(Kind.KEY_BITS, random, keys);
  }

  private static TrialDamage pageBits(Random random, StoreLayout layout) {
    Region region =
        switch (random.nextInt(7)) {
          case 0, 1, 2 -> Region.PAGE_HEADER;
          case 3 -> Region.NODE_OFFSETS;
          case 4, 5 -> Region.NODE_HEADER;
          default -> Region.DATABASE_RECORD;
        };
    return flip(Kind.PAGE_BITS, random, layout.ranges(region));
  }

  /**
   * Flips bits in a meta page: anywhere in it half the time, else in its transaction id (a quarter
   * of the time in the id's lowest byte), where one flipped bit can make LMDB open the older
   * snapshot and undo the last commit.
   */
  private static TrialDamage metaBits(Random random, StoreLayout layout) {
    Range meta = layout.ranges(random.nextBoolean() ? Region.META_0 : Region.META_1).get(0);
    Range field =
        switch (random.nextInt(4)) {
          case 0, 1 -> meta;
          case 2 -> part(meta, MetaPage.TXNID_OFFSET, Long.BYTES);
          default -> part(meta, MetaPage.TXNID_OFFSET, 1);
        };
    return flip(Kind.META_BITS, random, List.of(field));
  }

  private static Range part(Range range, int offset, int length) {
    return new Range(
        range.region(), range.database(), range.pgno(), range.offset() + offset, length);
  }

  /** Flips one to three bits in one range of {@code ranges}, most often in a single byte. */
  private static TrialDamage flip(Kind kind, Random random, List<Range> ranges) {
    Range range = ranges.get(random.nextInt(ranges.size()));
    int flips = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
    TreeSet<Long> bits = new TreeSet<>();
    long first = range.offset() + random.nextInt(range.length());
    while (bits.size() < flips) {
      long offset =
          bits.isEmpty() || random.nextBoolean()
              ? first
              : range.offset() + random.nextInt(range.length());
      bits.add(offset * 8 + random.nextInt(8));
    }
    List<String> shown = new ArrayList<>();
    for (long bit : bits) {
      shown.add("bit " + bit % 8 + " of byte " + bit / 8);
    }
    String description =
        "flip " + String.join(", ", shown) + " of " + DATA + " (" + range.describe() + ")";
    return new TrialDamage(
        kind,
        description,
        List.of(DATA),
        dir -> {
          try (FileChannel channel =
              FileChannel.open(
                  dir.resolve(DATA), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (long bit : bits) {
              ByteBuffer one = ByteBuffer.allocate(1);
              channel.read(one, bit / 8);
              one.put(0, (byte) (one.get(0) ^ (1 << (bit % 8))));
              one.rewind();
              channel.write(one, bit / 8);
            }
          }
        });
  }

  private static TrialDamage truncation(Random random, StoreLayout layout) {
    long page = layout.pageSize();
    long used = layout.usedBytes();
    long length =
        switch (random.nextInt(7)) {
          case 0 -> 0;
          case 1 -> 1 + random.nextInt((int) (2 * page - 1));
          case 2 -> used - page;
          case 3 -> used - 1 - random.nextInt(16);
          case 4 -> (2 + random.nextInt((int) (used / page - 2))) * page;
          default -> 2 * page + random.nextInt((int) (used - 2 * page));
        };
    return new TrialDamage(
        Kind.TRUNCATION,
        "truncate " + DATA + " to " + length + " bytes (the snapshot uses " + used + ")",
        List.of(DATA),
        dir -> {
          try (FileChannel channel =
              FileChannel.open(dir.resolve(DATA), StandardOpenOption.WRITE)) {
            channel.truncate(length);
          }
        });
  }

  private static TrialDamage lockFile(Random random) {
    String name =
        random.nextBoolean() ? StoreDirectory.WRITER_LOCK_FILE : StoreDirectory.LMDB_LOCK_FILE;
    int how = random.nextInt(4);
    long length = random.nextInt(9000);
    byte[] garbage = new byte[1 + random.nextInt(9000)];
    random.nextBytes(garbage);
    String description =
        switch (how) {
          case 0 -> "truncate " + name + " to " + length + " bytes";
          case 1 -> "replace " + name + " by " + garbage.length + " random bytes";
          case 2 -> "replace " + name + " by a directory";
          default -> "remove " + name;
        };
    return new TrialDamage(
        Kind.LOCK_FILE,
        description,
        List.of(name),
        dir -> {
          Path file = dir.resolve(name);
          switch (how) {
            case 0 -> {
              if (!Files.exists(file)) {
                Files.createFile(file);
              }
              try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(length);
              }
            }
            case 1 -> Files.write(file, garbage);
            case 2 -> {
              Files.deleteIfExists(file);
              Files.createDirectory(file);
              Files.writeString(file.resolve("inside"), "not a lock");
            }
            default -> Files.deleteIfExists(file);
          }
        });
  }

  /** Copies the files of {@code from} into {@code to}, replacing what is there. */
  static void copyFiles(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
