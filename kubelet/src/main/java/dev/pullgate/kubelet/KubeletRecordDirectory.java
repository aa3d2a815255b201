package dev.pullgate.kubelet;

import dev.pullgate.error.StoreException;
import dev.pullgate.kubelet.io.IoReason;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.record.PulledRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The kubelet's image manager directory ({@code /var/lib/kubelet/image_manager}): pull intents in
 * {@code pulling/}, pulled records in {@code pulled/}, one JSON file per record named {@code
 * sha256-} and the hex SHA-256 of its key (the image string of an intent, the imageRef of a
 * record).
 *
 * <p>Reads follow the kubelet: a missing file is an absent record, and so is a file whose stored
 * key does not match its name (a hash collision or a misplaced file); a file that exists but cannot
 * be decoded is an error. Only regular files are read (symbolic links followed), and at most 16 MiB
 * of each: a FIFO, socket or device is never opened, and a larger file is an error. Listings go on
 * past bad files and return them as {@link ReadError}s, and report {@code *.tmp} files, foreign
 * names, subdirectories and entries that are not regular files as {@link SkippedFile}s; a listing
 * also reports a file whose key does not match its name, as an error. An entry gone by the time a
 * listing reads it (a write's temporary file renamed, a record deleted meanwhile) or a dangling
 * link is skipped too: it is not in the directory, which is all a listing without a lock can say.
 * Writes are atomic and not fsynced (see {@link RecordFiles}). Error messages name files and
 * fields, never their contents.
 *
 * <p>Stateless and safe for many threads; concurrent writers of one key are the caller's concern.
 */
public final class KubeletRecordDirectory {
  /** The subdirectory of pull intents. */
  public static final String PULLING = "pulling";

  /** The subdirectory of pulled records. */
  public static final String PULLED = "pulled";

  /** What a listing says of an entry that is no longer there when it reads it. */
  static final String GONE =
      "gone since the directory was listed (a write or a delete finished meanwhile), or a"
          + " dangling link";

  private final Path root;
  private final Path pullingDir;
  private final Path pulledDir;

  private KubeletRecordDirectory(Path root) {
    this.root = root;
    this.pullingDir = root.resolve(PULLING);
    this.pulledDir = root.resolve(PULLED);
  }

  /** The records directory at {@code root}; nothing is created until the first write. */
  public static KubeletRecordDirectory at(Path root) {
    return new KubeletRecordDirectory(Objects.requireNonNull(root, "root"));
  }

  /** The name of the file that holds the record or intent keyed by {@code key}. */
  public static String fileName(String key) {
    return RecordFiles.fileName(Objects.requireNonNull(key, "key"));
  }

  /** The image manager directory itself. */
  public Path root() {
    return root;
  }

  /** Creates {@code pulling/} and {@code pulled/} ({@code 0700}) if they are missing. */
  public void createDirectories() {
    for (Path dir : new Path[] {pullingDir, pulledDir}) {
      try {
        RecordFiles.createDirectories(dir);
      } catch (IOException e) {
        throw new RecordFileException("could not create", dir, IoReason.of(e), e);
      }
    }
  }

  /** The pulled record for {@code imageRef}, or empty when its file is missing or not its own. */
  public Optional<PulledRecord> readPulledRecord(String imageRef) {
    return read(pulledDir, imageRef, KubeletJsonCodec::decodePulledRecord, PulledRecord::imageRef);
  }

  /** Whether a pull intent for {@code image} is stored. */
  public boolean pullIntentExists(String image) {
    return read(pullingDir, image, KubeletJsonCodec::decodeIntent, Function.identity()).isPresent();
  }

  /** Writes {@code record} in {@code version}, replacing the file of its imageRef atomically. */
  public void writePulledRecord(PulledRecord record, KubeletApiVersion version) {
    write(pulledDir, record.imageRef(), KubeletJsonCodec.encode(record, version));
  }

  /** Writes the intent for {@code image} in {@code version}, replacing its file atomically. */
  public void writePullIntent(String image, KubeletApiVersion version) {
    write(pullingDir, image, KubeletJsonCodec.encodeIntent(image, version));
  }

  /** Deletes the file of the record for {@code imageRef}; returns whether there was one. */
  public boolean deletePulledRecord(String imageRef) {
    return delete(pulledDir, imageRef);
  }

  /** Deletes the file of the intent for {@code image}; returns whether there was one. */
  public boolean deletePullIntent(String image) {
    return delete(pullingDir, image);
  }

  /** Every pulled record that could be read, with the files that could not. */
  public Listing<PulledRecord> listPulledRecords() {
    return list(pulledDir, KubeletJsonCodec::decodePulledRecord, PulledRecord::imageRef);
  }

  /** The image of every pull intent that could be read, with the files that could not. */
  public Listing<String> listPullIntents() {
    return list(pullingDir, KubeletJsonCodec::decodeIntent, Function.identity());
  }

  /** How many record files {@code pulled/} holds, read or not; the kubelet's own count. */
  public long countPulledRecordFiles() {
    return countRecordFiles(pulledDir);
  }

  /** How many record files {@code pulling/} holds, read or not; the kubelet's own count. */
  public long countPullIntentFiles() {
    return countRecordFiles(pullingDir);
  }

  private <T> Optional<T> read(
      Path dir, String key, Decoder<T> decoder, Function<T, String> keyOf) {
    Path file = dir.resolve(fileName(key));
    byte[] bytes;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      String whyNot = RecordFiles.whyNotARecordFile(file.getFileName().toString(), attributes);
      if (whyNot != null) {
        throw new StoreException("could not read " + file + ": " + whyNot);
      }
      bytes = RecordFiles.readRecordFile(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new RecordFileException("could not read", file, IoReason.of(e), e);
    }
    if (bytes == null) {
      throw new StoreException("could not read " + file + ": " + RecordFiles.TOO_LARGE);
    }
    T item;
    try {
      item = decoder.decode(bytes);
    } catch (JsonFormatException e) {
      throw new StoreException("damaged record file " + file + ": " + e.getMessage());
    }
    return keyOf.apply(item).equals(key) ? Optional.of(item) : Optional.empty();
  }

  private void write(Path dir, String key, byte[] content) {
    try {
      RecordFiles.writeAtomically(dir, fileName(key), content);
    } catch (IOException e) {
      throw new RecordFileException(
          "could not write", dir.resolve(fileName(key)), IoReason.of(e), e);
    }
  }

  private boolean delete(Path dir, String key) {
    Path file = dir.resolve(fileName(key));
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new RecordFileException("could not delete", file, IoReason.of(e), e);
    }
  }

  private <T> Listing<T> list(Path dir, Decoder<T> decoder, Function<T, String> keyOf) {
    List<T> items = new ArrayList<>();
    List<ReadError> errors = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    for (Path file : entries(dir).values()) {
      String name = file.getFileName().toString();
      try {
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          skipped.add(new SkippedFile(name, GONE));
          continue;
        }
        String whyNot = RecordFiles.whyNotARecordFile(name, attributes);
        if (whyNot != null) {
          skipped.add(new SkippedFile(name, whyNot));
          continue;
        }
        byte[] bytes = RecordFiles.readRecordFile(file);
        if (bytes == null) {
          errors.add(new ReadError(name, RecordFiles.TOO_LARGE));
          continue;
        }
        T item = decoder.decode(bytes);
        if (fileName(keyOf.apply(item)).equals(name)) {
          items.add(item);
        } else {
          errors.add(new ReadError(name, "its stored key does not match the file name"));
        }
      } catch (JsonFormatException e) {
        errors.add(new ReadError(name, e.getMessage()));
      } catch (NoSuchFileException e) {
        skipped.add(new SkippedFile(name, GONE));
      } catch (IOException e) {
        errors.add(new ReadError(name, "could not be read (" + IoReason.of(e) + ")"));
      }
    }
    return new Listing<>(items, errors, skipped);
  }

  private long countRecordFiles(Path dir) {
    long count = 0;
    for (Path file : entries(dir).values()) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (RecordFiles.whyNotARecordFile(file.getFileName().toString(), attributes) == null) {
          count++;
        }
      } catch (IOException e) {
        // Gone since it was listed, or a dangling link: not a record file to count.
      }
    }
    return count;
  }

  /** The entries of {@code dir} by name; none when it does not exist. */
  private static TreeMap<String, Path> entries(Path dir) {
    TreeMap<String, Path> entries = new TreeMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path entry : stream) {
        entries.put(entry.getFileName().toString(), entry);
      }
    } catch (NoSuchFileException e) {
      return entries;
    } catch (IOException e) {
      throw new RecordFileException("could not list", dir, IoReason.of(e), e);
    }
    return entries;
  }

  /** Turns a file's bytes into a record or intent. */
  @FunctionalInterface
  private interface Decoder<T> {
    T decode(byte[] json) throws JsonFormatException;
  }
}
