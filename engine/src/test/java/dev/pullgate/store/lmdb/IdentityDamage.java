package dev.pullgate.store.lmdb;

import dev.pullgate.store.lmdb.TrialDamage.Kind;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/**
 * The damages a corruption trial does to the identity file {@value StoreIdentity#FILE}: removed,
 * truncated, bits flipped, garbage, a directory in its place, or a well-formed file whose state
 * says something else than {@code ready}.
 */
final class IdentityDamage {
  private static final String FILE = StoreIdentity.FILE;

  private IdentityDamage() {}

  static TrialDamage pick(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> damage("remove " + FILE, dir -> Files.delete(dir.resolve(FILE)));
      case 1 -> truncate(random);
      case 2 -> flip(random);
      case 3 -> garbage(random);
      case 4 ->
          damage(
              "replace " + FILE + " by a directory",
              dir -> {
                Files.delete(dir.resolve(FILE));
                Files.createDirectory(dir.resolve(FILE));
              });
      case 5 -> state("creating", null);
      case 6 -> state("damaged", "verification found 1 damaged pulled records");
      default -> damage("add a sixth line to " + FILE, dir -> append(dir, "extra line\n"));
    };
  }

  private static TrialDamage truncate(Random random) {
    int keep = random.nextInt(100);
    return damage(
        "truncate " + FILE + " to at most " + keep + " bytes",
        dir -> {
          try (FileChannel channel =
              FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE)) {
            channel.truncate(keep);
          }
        });
  }

  private static TrialDamage flip(Random random) {
    int at = random.nextInt(100);
    int bit = random.nextInt(8);
    return damage(
        "flip bit " + bit + " of byte " + at + " (modulo the length) of " + FILE,
        dir -> {
          byte[] bytes = Files.readAllBytes(dir.resolve(FILE));
          bytes[at % bytes.length] ^= (byte) (1 << bit);
          Files.write(dir.resolve(FILE), bytes);
        });
  }

  private static TrialDamage garbage(Random random) {
    byte[] bytes = new byte[random.nextInt(5000)];
    random.nextBytes(bytes);
    return damage(
        "replace " + FILE + " by " + bytes.length + " random bytes",
        dir -> Files.write(dir.resolve(FILE), bytes));
  }

  /**
   * A well-formed identity in {@code state}: not damage the open may refuse, but a mark to obey.
   */
  private static TrialDamage state(String state, String reason) {
    return damage(
        "rewrite " + FILE + " with state " + state,
        dir -> {
          String text = Files.readString(dir.resolve(FILE), StandardCharsets.US_ASCII);
          String rewritten =
              text.replaceFirst("state ready\n", "state " + state + "\n")
                  + (reason == null ? "" : "reason " + reason + "\n");
          Files.writeString(dir.resolve(FILE), rewritten, StandardCharsets.US_ASCII);
        });
  }

  private static void append(Path dir, String line) throws java.io.IOException {
    try (FileChannel channel =
        FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private static TrialDamage damage(String description, TrialDamage.Action action) {
    return new TrialDamage(Kind.IDENTITY, description, List.of(FILE), action);
  }
}
