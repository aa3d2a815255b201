package dev.pullgate.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.error.StoreDamagedException;
import dev.pullgate.image.ImageName;
import dev.pullgate.store.TestRecords;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What the record codec must do with any bytes: {@link RecordFormat} decodes, checks and verifies
 * them or throws {@link StoreDamagedException} with a message that quotes nothing, and compares the
 * imageRef in them without throwing, as the LMDB store does before any other check; {@link
 * RecordProbe} reads them in place or throws that or {@link IndexOutOfBoundsException}, its two
 * documented failures. Bytes that decode re-encode to a record that decodes to the same; bytes that
 * verify are exactly that encoding, and the probe reads them as the decoded record says, entry by
 * entry and credential by credential.
 */
final class RecordCodecProperties {
  /** The most credentials of one entry whose match is checked, so that huge records stay fast. */
  private static final int CHECKED_CREDENTIALS = 8;

  private static final UnaryOperator<CredentialHash> AS_STORED = UnaryOperator.identity();

  private RecordCodecProperties() {}

  /** Checks every property for {@code bytes}. */
  static void check(byte[] bytes) {
    ByteBuffer value = ByteBuffer.wrap(bytes);
    assertThat(RecordFormat.versionOf(value)).isBetween(-1, 255);
    boolean framed = damageOnly(() -> RecordFormat.checkFrame(value.duplicate()));
    PulledRecord decoded = decodeOrNull(value);
    PulledRecord verified = verifyOrNull(value);
    assertThat(value.position()).isZero();
    if (decoded == null) {
      assertThat(verified).isNull();
    } else {
      checkDecoded(bytes, decoded, verified, framed);
    }
    boolean seedImageRef = RecordFormat.imageRefEquals(value, RecordSeeds.IMAGE_REF);
    if (decoded != null) {
      assertThat(seedImageRef).isEqualTo(decoded.imageRef().equals(RecordSeeds.IMAGE_REF));
    }
    checkProbe(value, true, verified);
    checkProbe(value, false, verified);
  }

  private static void checkDecoded(
      byte[] bytes, PulledRecord decoded, PulledRecord verified, boolean framed) {
    assertThat(framed).as("bytes that decode have a sound frame").isTrue();
    byte[] canonical = RecordFormat.encode(decoded);
    assertThat(RecordFormat.decode(canonical)).isEqualTo(decoded);
    assertThat(verified != null).as("verifies").isEqualTo(Arrays.equals(canonical, bytes));
    if (verified != null) {
      assertThat(verified).isEqualTo(decoded);
    }
    ByteBuffer value = ByteBuffer.wrap(bytes);
    assertThat(RecordFormat.imageRefEquals(value, decoded.imageRef())).isTrue();
    assertThat(RecordFormat.imageRefOf(value)).isEqualTo(decoded.imageRef());
  }

  /**
   * Reads {@code value} with a probe: only the documented failures; for a verified record, every
   * finding is what the record says.
   */
  private static void checkProbe(ByteBuffer value, boolean inPlace, PulledRecord verified) {
    RecordProbe probe = new RecordProbe();
    if (!probeFailsOnlyAsDocumented(() -> probe.open(value, inPlace))) {
      assertThat(verified).as("a verified record opens").isNull();
      return;
    }
    boolean pulledByNode = probe.pulledByNode();
    long lastUpdated = probe.lastUpdatedMillis();
    if (verified != null) {
      assertThat(pulledByNode).isEqualTo(verified.pulledByNode());
      assertThat(lastUpdated).isEqualTo(verified.lastUpdated().toEpochMilli());
    }
    TreeSet<String> names = new TreeSet<>();
    StoredValueDecisions.IMAGES.forEach(image -> names.add(ImageName.parse(image).name()));
    if (verified != null) {
      names.addAll(verified.credentialMapping().keySet());
      names.addAll(verified.preloadedNames());
    }
    ImageName.Cursor cursor = new ImageName.Cursor();
    for (String name : names) {
      if (!cursor.parse(name) || !name.contentEquals(cursor)) {
        continue;
      }
      int[] entry = new int[1];
      if (!probeFailsOnlyAsDocumented(() -> entry[0] = probe.findEntry(cursor))) {
        assertThat(verified).as("a verified record finds %s", name).isNull();
        continue;
      }
      if (verified != null) {
        assertThat(entry[0]).as("entry of %s", name).isEqualTo(entryKind(verified, name));
      }
      if (entry[0] == RecordProbe.CREDENTIALS) {
        checkMatches(probe, verified == null ? null : verified.credentialsFor(name));
      }
    }
  }

  /** The probe's answer for the entry of {@code name}, as the decoded record gives it. */
  private static int entryKind(PulledRecord record, String name) {
    if (record.preloadedNames().contains(name)) {
      return RecordProbe.PRELOADED;
    }
    CredentialSet set = record.credentialMapping().get(name);
    if (set == null) {
      return RecordProbe.NO_ENTRY;
    }
    if (set.isNodePodsAccessible()) {
      return RecordProbe.NODE_ACCESSIBLE;
    }
    return set.isEmpty() ? RecordProbe.NO_CREDENTIALS : RecordProbe.CREDENTIALS;
  }

  /**
   * Matches pods against the entry the probe found: a stranger, and, for a verified record's entry
   * {@code set}, a pod presenting each stored credential (with no age limit, and with every
   * acceptance too old).
   */
  private static void checkMatches(RecordProbe probe, CredentialSet set) {
    SecretCredential stranger =
        SecretCredential.of("uid-x", "nobody", "none", TestRecords.hash(4242));
    int strangerMatch = match(probe, List.of(stranger), null, Long.MIN_VALUE);
    if (set == null) {
      return;
    }
    assertThat(strangerMatch).isEqualTo(RecordProbe.NO_MATCH);
    for (CredentialSet.Secret secret :
        set.secrets().subList(0, Math.min(CHECKED_CREDENTIALS, set.secrets().size()))) {
      SecretCoordinates coordinates = secret.coordinates();
      boolean blank = secret.hash().isEmpty();
      if (blank && !coordinates.isComplete()) {
        continue;
      }
      CredentialHash presented = blank ? stranger.hash() : secret.hash();
      List<SecretCredential> pod = List.of(new SecretCredential(coordinates, presented));
      int expected = blank ? RecordProbe.SECRET_COORDINATES : RecordProbe.SECRET_HASH;
      assertThat(match(probe, pod, null, Long.MIN_VALUE))
          .as("match of %s", secret)
          .isEqualTo(expected);
      if (secret.acceptedAt().toEpochMilli() < Long.MAX_VALUE) {
        assertThat(match(probe, pod, null, Long.MAX_VALUE)).isEqualTo(RecordProbe.EXPIRED);
      }
    }
    for (CredentialSet.ServiceAccount account :
        set.serviceAccounts()
            .subList(0, Math.min(CHECKED_CREDENTIALS, set.serviceAccounts().size()))) {
      ServiceAccountCoordinates coordinates = account.coordinates();
      if (!coordinates.isComplete()) {
        continue;
      }
      assertThat(match(probe, List.of(), coordinates, Long.MIN_VALUE))
          .isEqualTo(RecordProbe.SERVICE_ACCOUNT);
      if (account.acceptedAt().toEpochMilli() < Long.MAX_VALUE) {
        assertThat(match(probe, List.of(), coordinates, Long.MAX_VALUE))
            .isEqualTo(RecordProbe.EXPIRED);
      }
    }
  }

  /** The probe's match, or -1 when it failed as documented. */
  private static int match(
      RecordProbe probe,
      List<SecretCredential> secrets,
      ServiceAccountCoordinates account,
      long notBefore) {
    int[] result = {-1};
    probeFailsOnlyAsDocumented(
        () -> result[0] = probe.match(secrets, account, notBefore, AS_STORED));
    return result[0];
  }

  private static PulledRecord decodeOrNull(ByteBuffer value) {
    PulledRecord[] decoded = new PulledRecord[1];
    damageOnly(() -> decoded[0] = RecordFormat.decode(value));
    return decoded[0];
  }

  private static PulledRecord verifyOrNull(ByteBuffer value) {
    PulledRecord[] verified = new PulledRecord[1];
    damageOnly(() -> verified[0] = RecordFormat.verify(value));
    return verified[0];
  }

  /**
   * Runs {@code call}; true when it returned, false when it threw {@link StoreDamagedException}.
   */
  private static boolean damageOnly(Runnable call) {
    try {
      call.run();
      return true;
    } catch (StoreDamagedException e) {
      checkMessage(e);
      return false;
    }
  }

  /**
   * As {@link #damageOnly}, also accepting the probe's documented {@link
   * IndexOutOfBoundsException}.
   */
  private static boolean probeFailsOnlyAsDocumented(Runnable call) {
    try {
      return damageOnly(call);
    } catch (IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static void checkMessage(StoreDamagedException e) {
    assertThat(e.getMessage()).matches("[\\x20-\\x7e]+").hasSizeLessThan(200);
    assertThat(e.getCause()).isNull();
  }
}
