package dev.pullgate.record;

import static dev.pullgate.DecisionReason.STORE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateConfig.PreloadedMode;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.store.ForwardingPullRecordStore;
import dev.pullgate.store.PullRecordStore;
import dev.pullgate.store.TestRecords;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decisions read from a stored value that may be garbage, beside the decisions that its decoded
 * record implies. For each configuration, image and pod of a fixed table, the engine decides over a
 * {@link HeldValueStore} holding the bytes (read in place, as from LMDB), and over the cache above
 * it (which checks the bytes whole when it copies them); a third engine decides over an in-memory
 * store holding the record the bytes decode to, if any.
 *
 * <p>What must hold: a decision that grants ("use it") comes only from bytes that decode to a
 * record under the asked imageRef, and that record grants too; bytes exactly as the encoder writes
 * them give the same decision as their record, reason for reason. Bytes whose frame is unsound
 * (version, kind, length, checksum) give {@code STORE_ERROR} in place, and bytes that do not decode
 * give it through the cache, which decodes what it copies. The one exception is a value longer than
 * {@link RecordProbe#WHOLE_CHECK_MAX_LENGTH} read in place: the probe checks its header and the
 * rows a match relies on, not every byte, so damage elsewhere in it may leave a grant that rests on
 * intact parts; there a grant needs a sound header ({@code RecordProbeTest} pins which damage
 * refuses which decision). Every engine drops its writes above its cache, so that the merges a
 * decision starts change nothing that a later decision reads.
 */
final class StoredValueDecisions implements AutoCloseable {
  static final List<String> IMAGES =
      List.of(
          "nginx",
          "registry.example/team/app",
          "registry.example:5000/other",
          "registry.example/empty",
          "registry.example/preloaded:v1");

  private static final InstantSource CLOCK =
      InstantSource.fixed(RecordSeeds.T0.plus(Duration.ofDays(2)));

  private final List<PullGateConfig> configs =
      List.of(
          PullGateConfig.defaults(),
          PullGateConfig.builder()
              .policy(VerificationPolicy.NEVER_VERIFY_PRELOADED_IMAGES)
              .preloadedMode(PreloadedMode.OBSERVED)
              .credentialMaxAge(Duration.ofDays(30))
              .build(),
          PullGateConfig.builder().policy(VerificationPolicy.ALWAYS_VERIFY).build());
  private final List<PodCredentials> pods = pods();
  private final HeldValueStore held = new HeldValueStore(RecordSeeds.IMAGE_REF);
  private final PullRecordStore reference = PullRecordStore.inMemory();
  private final List<PullGate> overHeld = new ArrayList<>();
  private final List<PullGate> overReference = new ArrayList<>();

  StoredValueDecisions() {
    for (PullGateConfig config : configs) {
      overHeld.add(PullGate.open(config, held, CLOCK));
      overReference.add(PullGate.open(config, new DroppingWrites(reference), CLOCK));
    }
  }

  /** Checks every decision of the table with {@code value} stored under the seeds' imageRef. */
  void check(byte[] value) {
    check(value, configs.size(), IMAGES.size(), pods.size());
  }

  /**
   * Checks a corner of the table (the default configuration, two images, the pod without
   * credentials and the pod with the known secret): for huge values, whose every decision through
   * the cache decodes them whole.
   */
  void checkSample(byte[] value) {
    check(value, 1, 2, 2);
  }

  private void check(byte[] value, int configCount, int imageCount, int podCount) {
    Optional<PulledRecord> decoded = decodedUnderImageRef(value);
    boolean framed = isFramed(value);
    boolean canonical = decoded.isPresent() && isCanonical(value);
    held.hold(value);
    reference.write(
        decoded.isPresent()
            ? PullRecordStore.Update.putRecord(decoded.get())
            : PullRecordStore.Update.deleteRecord(RecordSeeds.IMAGE_REF));
    for (int c = 0; c < configCount; c++) {
      PullRecordStore cache = PullRecordStore.cached(held, 16, 16);
      try (PullGate cached = PullGate.open(configs.get(c), new DroppingWrites(cache), CLOCK)) {
        for (String image : IMAGES.subList(0, imageCount)) {
          for (int p = 0; p < podCount; p++) {
            PodCredentials pod = pods.get(p);
            PullDecision expected =
                decoded.isPresent() ? decide(overReference.get(c), image, pod) : null;
            String at = "config " + c + ", image " + image + ", pod " + p;
            PullDecision inPlace = decide(overHeld.get(c), image, pod);
            if (value.length > RecordProbe.WHOLE_CHECK_MAX_LENGTH) {
              checkLong(inPlace, expected, canonical, value, at + ", in place");
            } else {
              check(inPlace, expected, canonical, at + ", in place");
            }
            if (!framed && value.length <= RecordProbe.WHOLE_CHECK_MAX_LENGTH) {
              assertThat(inPlace.reason())
                  .as(at + ", in place, unsound frame")
                  .isEqualTo(STORE_ERROR);
            }
            PullDecision fromCache = decide(cached, image, pod);
            check(fromCache, expected, canonical, at + ", cached");
            if (decoded.isEmpty()) {
              assertThat(fromCache.reason())
                  .as(at + ", cached, undecodable")
                  .isEqualTo(STORE_ERROR);
            }
          }
        }
      }
    }
  }

  private static PullDecision decide(PullGate gate, String image, PodCredentials pod) {
    return gate.mustAttemptImagePull(image, RecordSeeds.IMAGE_REF, pod);
  }

  /**
   * A decision's duty towards the decision {@code expected} of the record the bytes decode to (null
   * when they decode to none): grant only where it grants, and, for {@code canonical} bytes, decide
   * exactly as it does.
   */
  private static void check(
      PullDecision actual, PullDecision expected, boolean canonical, String at) {
    if (!actual.mustAttemptPull()) {
      assertThat(expected).as(at + ": %s from bytes that do not decode", actual).isNotNull();
      assertThat(expected.mustAttemptPull())
          .as(at + ": %s where the decoded record says %s", actual, expected)
          .isFalse();
    }
    if (canonical) {
      assertThat(actual.reason()).as(at + ": canonical bytes").isEqualTo(expected.reason());
    }
  }

  /**
   * The duty of a decision read in place from a long value, which is checked part by part: decide
   * as its record does when the bytes are canonical, and grant from damaged bytes only over a sound
   * header.
   */
  private static void checkLong(
      PullDecision actual, PullDecision expected, boolean canonical, byte[] value, String at) {
    if (canonical) {
      assertThat(actual.reason()).as(at + ": canonical bytes").isEqualTo(expected.reason());
    } else if (!actual.mustAttemptPull()) {
      assertThat(hasSoundHeader(value)).as(at + ": %s over a damaged header", actual).isTrue();
    }
  }

  private static boolean hasSoundHeader(byte[] value) {
    try {
      new RecordProbe().open(ByteBuffer.wrap(value), true);
      return true;
    } catch (StoreDamagedException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static boolean isFramed(byte[] value) {
    try {
      RecordFormat.checkFrame(ByteBuffer.wrap(value));
      return true;
    } catch (StoreDamagedException e) {
      return false;
    }
  }

  private static Optional<PulledRecord> decodedUnderImageRef(byte[] value) {
    try {
      PulledRecord record = RecordFormat.decode(value);
      return record.imageRef().equals(RecordSeeds.IMAGE_REF)
          ? Optional.of(record)
          : Optional.empty();
    } catch (StoreDamagedException e) {
      return Optional.empty();
    }
  }

  private static boolean isCanonical(byte[] value) {
    try {
      RecordFormat.verify(ByteBuffer.wrap(value));
      return true;
    } catch (StoreDamagedException e) {
      return false;
    }
  }

  /**
   * Pods with nothing, with the secret the seeds know (fixed and looked up lazily), with its
   * coordinates under another hash (a rotation), with its hash under other coordinates, and with
   * the service account the seeds know.
   */
  private static List<PodCredentials> pods() {
    SecretCredential known = RecordSeeds.TEAM_A;
    SecretCredential rotated = new SecretCredential(known.coordinates(), TestRecords.hash(999));
    SecretCredential copied = SecretCredential.of("uid-copy", "team-z", "copy", known.hash());
    ServiceAccountCoordinates builder = TestRecords.serviceAccount("team-c", "builder");
    return List.of(
        PodCredentials.none(),
        PodCredentials.of(List.of(known), null),
        new LookedUp(List.of(TestRecords.secret("team-b", "pull", 2), known)),
        PodCredentials.of(List.of(rotated), null),
        PodCredentials.of(List.of(copied), null),
        PodCredentials.of(List.of(), builder));
  }

  @Override
  public void close() {
    overHeld.forEach(PullGate::close);
    overReference.forEach(PullGate::close);
  }

  /** Pod credentials that a decision must ask for: not {@link PodCredentials.Fixed}. */
  private record LookedUp(List<SecretCredential> secrets) implements PodCredentials {
    @Override
    public Optional<ServiceAccountCoordinates> serviceAccount() {
      return Optional.empty();
    }
  }

  /** A store over another that drops every write and owns nothing. */
  private static final class DroppingWrites extends ForwardingPullRecordStore {
    DroppingWrites(PullRecordStore delegate) {
      super(delegate);
    }

    @Override
    public void write(Update update) {}

    @Override
    public void writeDeferred(Update update) {}

    @Override
    public void close() {}
  }
}
