package dev.pullgate.kubelet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.image.ImageName;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.kubelet.json.Rfc3339;
import dev.pullgate.kubelet.json.StrictJson;
import dev.pullgate.kubelet.json.StrictJsonObject;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON form of the kubelet's {@code ImagePullIntent} and {@code ImagePulledRecord} files, in
 * either {@link KubeletApiVersion}.
 *
 * <p>Decoding is as strict as the kubelet's, through {@link StrictJson}: {@code kind} and {@code
 * apiVersion} must be right, unknown or duplicate fields and fields of the wrong type are errors,
 * missing fields take Go's zero values (a missing {@code lastUpdatedTime} is Go's zero time, {@link
 * #GO_ZERO_TIME}), and times must have the RFC 3339 form that Go reads ({@link Rfc3339}).
 * Credential hashes must be empty or 64 lowercase hex digits, the only forms a kubelet writes.
 * Secrets and service accounts hold credentials: no name found inside them, or inside a mapping's
 * entry, is ever shown. Coordinates must have the Kubernetes forms that {@link
 * dev.pullgate.credential.SecretCoordinates} checks, or the file is refused. Where our model is
 * narrower than the kubelet's, decoding keeps the kubelet's decision meaning: secrets listed beside
 * {@code nodePodsAccessible: true} are dropped (the kubelet lets every pod use such an image
 * without looking at them), and of two secrets with the same coordinates the later one is kept.
 *
 * <p>Encoding writes what the kubelet's encoder writes: fields in the kubelet's order, map keys
 * sorted, empty lists, empty maps and false flags left out, {@code lastUpdatedTime} in RFC 3339
 * truncated to whole seconds (Go's zero time as {@code null}), and a final newline.
 */
final class KubeletJsonCodec {
  /** The {@code kind} of a pull intent file. */
  static final String INTENT_KIND = "ImagePullIntent";

  /** The {@code kind} of a pulled record file. */
  static final String RECORD_KIND = "ImagePulledRecord";

  /** Go's zero {@code time.Time}, which the kubelet writes as {@code null}. */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** The fields whose values hold credentials: every entry of a record's mapping. */
  private static final StrictJson JSON =
      new StrictJson(StrictJson.Missing.IS_THE_ZERO_VALUE, Set.of("credentialMapping"));

  private static final JsonFactory WRITER = new JsonFactory();

  private KubeletJsonCodec() {}

  /** The image of the intent in {@code json}, as the kubelet wrote it. */
  static String decodeIntent(byte[] json) throws JsonFormatException {
    StrictJsonObject root = parse(json, INTENT_KIND);
    String image = root.string("image");
    root.requireNoOtherFields();
    return image;
  }

  /**
   * The pulled record in {@code json}. The kubelet keeps one time per record, so every credential
   * of it is dated at its {@code lastUpdatedTime}.
   */
  static PulledRecord decodePulledRecord(byte[] json) throws JsonFormatException {
    StrictJsonObject root = parse(json, RECORD_KIND);
    Instant lastUpdated = parseTime(root, "lastUpdatedTime");
    String imageRef = root.string("imageRef");
    Map<String, CredentialSet> mapping = new TreeMap<>();
    for (Map.Entry<String, StrictJsonObject> entry :
        root.objectMap("credentialMapping").entrySet()) {
      CredentialSet credentials = decodeCredentials(entry.getValue(), lastUpdated);
      if (ImageName.tryParse(entry.getKey()).isEmpty()) {
        // The kubelet never writes such a key; it may be a credential pasted in the wrong place,
        // so the path names it by position unless it is plainly showable.
        throw entry.getValue().invalid("is keyed by a name that is not a valid image name");
      }
      mapping.put(entry.getKey(), credentials);
    }
    root.requireNoOtherFields();
    try {
      return new PulledRecord(imageRef, lastUpdated, mapping);
    } catch (IllegalArgumentException e) {
      throw root.invalid("imageRef", "is not a valid imageRef");
    }
  }

  /** The intent for {@code image} as the kubelet writes it, in {@code version}. */
  static byte[] encodeIntent(String image, KubeletApiVersion version) {
    return write(
        json -> {
          writeHeader(json, INTENT_KIND, version);
          json.writeStringField("image", image);
        });
  }

  /**
   * The record as the kubelet writes it, in {@code version}.
   *
   * @throws IllegalArgumentException when its time has no RFC 3339 form (before year 0 or after
   *     9999)
   */
  static byte[] encode(PulledRecord record, KubeletApiVersion version) {
    String lastUpdated = formatTime(record.lastUpdated());
    return write(
        json -> {
          writeHeader(json, RECORD_KIND, version);
          json.writeStringField("lastUpdatedTime", lastUpdated);
          json.writeStringField("imageRef", record.imageRef());
          if (!record.credentialMapping().isEmpty()) {
            json.writeObjectFieldStart("credentialMapping");
            for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
              json.writeFieldName(entry.getKey());
              writeCredentials(json, entry.getValue());
            }
            json.writeEndObject();
          }
        });
  }

  /** {@code instant} as the kubelet keeps it on disk: whole seconds. */
  static Instant storedTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * {@code record} as its file gives it back: its time in whole seconds, and every credential dated
   * at that time.
   */
  static PulledRecord asStored(PulledRecord record) {
    Instant time = storedTime(record.lastUpdated());
    Map<String, CredentialSet> mapping = new TreeMap<>();
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      CredentialSet set = entry.getValue();
      List<CredentialSet.Secret> secrets = new ArrayList<>();
      for (CredentialSet.Secret secret : set.secrets()) {
        secrets.add(secret.acceptedAt(time));
      }
      List<CredentialSet.ServiceAccount> accounts = new ArrayList<>();
      for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
        accounts.add(new CredentialSet.ServiceAccount(account.coordinates(), time));
      }
      mapping.put(
          entry.getKey(), set.isNodePodsAccessible() ? set : CredentialSet.of(secrets, accounts));
    }
    return new PulledRecord(record.imageRef(), time, mapping);
  }

  private static CredentialSet decodeCredentials(StrictJsonObject credentials, Instant acceptedAt)
      throws JsonFormatException {
    List<CredentialSet.Secret> secrets = new ArrayList<>();
    for (StrictJsonObject secret : credentials.objects("kubernetesSecrets")) {
      String uid = secret.string("uid");
      String namespace = secret.string("namespace");
      String name = secret.string("name");
      CredentialHash hash = parseHash(secret, "credentialHash");
      secret.requireNoOtherFields();
      try {
        secrets.add(
            CredentialSet.Secret.of(SecretCredential.of(uid, namespace, name, hash), acceptedAt));
      } catch (IllegalArgumentException e) {
        throw secret.invalid("has invalid coordinates: " + e.getMessage());
      }
    }
    List<CredentialSet.ServiceAccount> accounts = new ArrayList<>();
    for (StrictJsonObject account : credentials.objects("kubernetesServiceAccounts")) {
      String uid = account.string("uid");
      String namespace = account.string("namespace");
      String name = account.string("name");
      account.requireNoOtherFields();
      try {
        accounts.add(
            new CredentialSet.ServiceAccount(
                new ServiceAccountCoordinates(uid, namespace, name), acceptedAt));
      } catch (IllegalArgumentException e) {
        throw account.invalid("has invalid coordinates: " + e.getMessage());
      }
    }
    boolean nodePodsAccessible = credentials.bool("nodePodsAccessible");
    credentials.requireNoOtherFields();
    return nodePodsAccessible
        ? CredentialSet.nodePodsAccessible()
        : CredentialSet.of(secrets, accounts);
  }

  private static void writeCredentials(JsonGenerator json, CredentialSet credentials)
      throws IOException {
    json.writeStartObject();
    if (!credentials.secrets().isEmpty()) {
      json.writeArrayFieldStart("kubernetesSecrets");
      for (CredentialSet.Secret secret : credentials.secrets()) {
        json.writeStartObject();
        json.writeStringField("uid", secret.coordinates().uid());
        json.writeStringField("namespace", secret.coordinates().namespace());
        json.writeStringField("name", secret.coordinates().name());
        json.writeStringField("credentialHash", secret.hash().hex());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    if (!credentials.serviceAccounts().isEmpty()) {
      json.writeArrayFieldStart("kubernetesServiceAccounts");
      for (CredentialSet.ServiceAccount entry : credentials.serviceAccounts()) {
        ServiceAccountCoordinates account = entry.coordinates();
        json.writeStartObject();
        json.writeStringField("uid", account.uid());
        json.writeStringField("namespace", account.namespace());
        json.writeStringField("name", account.name());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    if (credentials.isNodePodsAccessible()) {
      json.writeBooleanField("nodePodsAccessible", true);
    }
    json.writeEndObject();
  }

  private static StrictJsonObject parse(byte[] json, String expectedKind)
      throws JsonFormatException {
    StrictJsonObject root = JSON.parseDocument(json);
    String kind = root.string("kind");
    if (!kind.equals(expectedKind)) {
      throw root.invalid(
          "kind",
          kind.equals(INTENT_KIND) || kind.equals(RECORD_KIND)
              ? "is " + kind + ", expected " + expectedKind
              : "must be " + expectedKind);
    }
    if (KubeletApiVersion.fromValue(root.string("apiVersion")) == null) {
      throw root.invalid(
          "apiVersion",
          "must be "
              + KubeletApiVersion.V1ALPHA1.value()
              + " or "
              + KubeletApiVersion.V1BETA1.value());
    }
    return root;
  }

  private static Instant parseTime(StrictJsonObject object, String field)
      throws JsonFormatException {
    String text = object.optionalString(field).orElse(null);
    if (text == null) {
      return GO_ZERO_TIME;
    }
    return Rfc3339.parse(text).orElseThrow(() -> object.invalid(field, "is not an RFC 3339 time"));
  }

  private static String formatTime(Instant instant) {
    return instant.equals(GO_ZERO_TIME) ? null : Rfc3339.format(storedTime(instant));
  }

  private static CredentialHash parseHash(StrictJsonObject secret, String field)
      throws JsonFormatException {
    try {
      return CredentialHash.fromHex(secret.string(field));
    } catch (IllegalArgumentException e) {
      throw secret.invalid(field, "must be empty or 64 lowercase hex digits");
    }
  }

  private static void writeHeader(JsonGenerator json, String kind, KubeletApiVersion version)
      throws IOException {
    json.writeStringField("kind", kind);
    json.writeStringField("apiVersion", version.value());
  }

  private static byte[] write(JsonBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = WRITER.createGenerator(out)) {
      json.writeStartObject();
      body.writeFields(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** The fields of one document, written between its braces. */
  @FunctionalInterface
  private interface JsonBody {
    void writeFields(JsonGenerator json) throws IOException;
  }
}
