package dev.pullgate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.error.PullGateException;
import dev.pullgate.store.PullRecordStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that a store keeps credential hashes under ({@code pullgate.credentials.hashKey}): the
 * store holds HMAC-SHA-256(key, kubelet hash) instead of the kubelet hash, so that a copied store
 * file does not let anyone test password guesses offline.
 *
 * <p>The key file holds exactly 32 bytes; it is created 0600 from {@link SecureRandom} when absent,
 * and refused when others may read it. The store remembers {@link #id()}, a digest that names the
 * key without revealing it. Keyed hashes of the hashes pods present are kept in a bounded cache, so
 * a decision computes an HMAC only for a hash it has not seen recently.
 */
final class HashKey implements UnaryOperator<CredentialHash> {
  static final int LENGTH = 32;
  private static final int MEMO_SIZE = 100_000;
  private static final byte[] ID_LABEL =
      "pullgate credential hash key id v1".getBytes(StandardCharsets.US_ASCII);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final SecretKeySpec key;
  private final String id;
  private final Cache<CredentialHash, CredentialHash> keyed =
      Caffeine.newBuilder().maximumSize(MEMO_SIZE).build();

  private HashKey(byte[] bytes) {
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
    this.id = HexFormat.of().formatHex(Arrays.copyOf(hmac(ID_LABEL), 16));
    Arrays.fill(bytes, (byte) 0);
  }

  /**
   * The key in {@code file}, created with a new random key when the file does not exist.
   *
   * @throws PullGateException when the file cannot be read or created, is not 32 bytes, or others
   *     than its owner may read it; the message names the file, never the key
   */
  static HashKey load(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        throw new PullGateException(
            "hash key file " + file + " must be readable by its owner only (mode 0600)");
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != LENGTH) {
        Arrays.fill(bytes, (byte) 0);
        throw new PullGateException(
            "hash key file " + file + " must hold exactly " + LENGTH + " bytes");
      }
      return new HashKey(bytes);
    } catch (IOException e) {
      throw new PullGateException("cannot read hash key file " + file + ": " + e, e);
    }
  }

  /**
   * How {@code store} keeps credential hashes under {@code config}: the kubelet's hashes when
   * neither has a key, else this key. A new, empty store takes the configured key.
   *
   * @throws PullGateException when the store keeps hashes under another key, under a key while none
   *     is configured, or the kubelet's hashes while one is (convert it with {@code pullgate
   *     rekey})
   */
  static UnaryOperator<CredentialHash> forStore(PullGateConfig config, PullRecordStore store) {
    java.util.Optional<String> stored = store.hashKeyId();
    if (config.hashKey() == null) {
      if (stored.isPresent()) {
        throw new PullGateException(
            "the store keeps credential hashes under a key, but "
                + PullGateConfig.HASH_KEY
                + " is not set; set it to the store's key file");
      }
      return UnaryOperator.identity();
    }
    HashKey key = load(config.hashKey());
    if (stored.isEmpty()) {
      if (store.pulledRecordCount() != 0) {
        throw new PullGateException(
            "the store keeps the kubelet's credential hashes, but "
                + PullGateConfig.HASH_KEY
                + " is set; convert the store first with pullgate rekey");
      }
      store.adoptHashKeyId(key.id());
    } else if (!stored.get().equals(key.id())) {
      throw new PullGateException(
          "the store keeps credential hashes under another key than "
              + config.hashKey()
              + " (the store's key id is "
              + stored.get()
              + ", the file's "
              + key.id()
              + ")");
    }
    return key;
  }

  /** An identifier of this key: the start of an HMAC of a fixed label, in hex. */
  String id() {
    return id;
  }

  /** The keyed form of a kubelet hash, as the store keeps it; the empty hash stays empty. */
  @Override
  public CredentialHash apply(CredentialHash hash) {
    if (hash.isEmpty()) {
      return hash;
    }
    CredentialHash cached = keyed.getIfPresent(hash);
    return cached != null ? cached : keyed.get(hash, h -> CredentialHash.of(hmac(h.bytes())));
  }

  private byte[] hmac(byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides HmacSHA256", e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] bytes = new byte[LENGTH];
    new SecureRandom().nextBytes(bytes);
    Path dir = file.toAbsolutePath().getParent();
    Path temporary = Files.createTempFile(dir, ".hashkey", ".tmp");
    try {
      if (posix()) {
        Files.setPosixFilePermissions(temporary, OWNER_ONLY);
      }
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(bytes));
        out.force(true);
      }
      try {
        // A hard link appears whole and never replaces a file that is there already.
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException e) {
        // Another process created it first; theirs is the key.
      }
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Files.deleteIfExists(temporary);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
