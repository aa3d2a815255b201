package dev.pullgate.kubelet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PullIntent;
import dev.pullgate.record.PulledRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON form of the kubelet's {@code ImagePullIntent} and {@code ImagePulledRecord} files, in
 * either {@link KubeletApiVersion}.
 *
 * <p>Decoding is as strict as the kubelet's: {@code kind} and {@code apiVersion} must be right,
 * unknown or duplicate fields and fields of the wrong type are errors, missing fields take Go's
 * zero values (a missing {@code lastUpdatedTime} is Go's zero time, {@link #GO_ZERO_TIME}), and
 * times must have the RFC 3339 form that Go reads. Credential hashes must be empty or 64 lowercase
 * hex digits, the only forms a kubelet writes. Where our model is narrower than the kubelet's,
 * decoding keeps the kubelet's decision meaning: secrets listed beside {@code nodePodsAccessible:
 * true} are dropped (the kubelet lets every pod use such an image without looking at them), and of
 * two secrets with the same coordinates the later one is kept.
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

  private static final Instant FIRST_RFC3339_SECOND = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST_RFC3339_SECOND = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * The RFC 3339 form that Go's {@code time.Parse(time.RFC3339, …)} reads: date, {@code T}, time
   * with seconds, an optional fraction of which Go keeps nine digits, and {@code Z} or {@code
   * ±hh:mm}. Java's ISO parser alone also takes forms Go refuses (no seconds, {@code +02}, a
   * lowercase {@code t}), so the text must match this first.
   */
  private static final Pattern RFC3339 =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,9})\\d*)?(Z|[+-]\\d{2}:\\d{2})");

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private KubeletJsonCodec() {}

  /** The intent in {@code json}. */
  static PullIntent decodeIntent(byte[] json) throws KubeletFormatException {
    StrictJsonObject root = parse(json, INTENT_KIND);
    String image = root.string("image");
    root.requireNoOtherFields();
    return new PullIntent(image);
  }

  /** The pulled record in {@code json}. */
  static PulledRecord decodePulledRecord(byte[] json) throws KubeletFormatException {
    StrictJsonObject root = parse(json, RECORD_KIND);
    Instant lastUpdated = parseTime(root, "lastUpdatedTime");
    String imageRef = root.string("imageRef");
    Map<String, CredentialSet> mapping = new TreeMap<>();
    for (Map.Entry<String, StrictJsonObject> entry :
        root.objectMap("credentialMapping").entrySet()) {
      mapping.put(entry.getKey(), decodeCredentials(entry.getValue()));
    }
    root.requireNoOtherFields();
    return new PulledRecord(imageRef, lastUpdated, mapping);
  }

  /** The intent as the kubelet writes it, in {@code version}. */
  static byte[] encode(PullIntent intent, KubeletApiVersion version) {
    return write(
        json -> {
          writeHeader(json, INTENT_KIND, version);
          json.writeStringField("image", intent.image());
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

  private static CredentialSet decodeCredentials(StrictJsonObject credentials)
      throws KubeletFormatException {
    List<SecretCredential> secrets = new ArrayList<>();
    for (StrictJsonObject secret : credentials.objects("kubernetesSecrets")) {
      String uid = secret.string("uid");
      String namespace = secret.string("namespace");
      String name = secret.string("name");
      CredentialHash hash = parseHash(secret, "credentialHash");
      secret.requireNoOtherFields();
      secrets.add(SecretCredential.of(uid, namespace, name, hash));
    }
    List<ServiceAccountCoordinates> accounts = new ArrayList<>();
    for (StrictJsonObject account : credentials.objects("kubernetesServiceAccounts")) {
      String uid = account.string("uid");
      String namespace = account.string("namespace");
      String name = account.string("name");
      account.requireNoOtherFields();
      accounts.add(new ServiceAccountCoordinates(uid, namespace, name));
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
      for (SecretCredential secret : credentials.secrets()) {
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
      for (ServiceAccountCoordinates account : credentials.serviceAccounts()) {
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
      throws KubeletFormatException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonEOFException e) {
      throw new KubeletFormatException("truncated JSON" + at(e.getLocation()));
    } catch (JsonProcessingException e) {
      throw new KubeletFormatException(
          "malformed JSON (bad syntax, a duplicate field or trailing data)" + at(e.getLocation()));
    } catch (IOException e) {
      throw new KubeletFormatException("unreadable JSON");
    }
    if (tree == null || tree.isMissingNode()) {
      throw new KubeletFormatException("empty file");
    }
    StrictJsonObject root = StrictJsonObject.of(tree, "");
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
      throws KubeletFormatException {
    String text = object.nullableString(field);
    if (text == null) {
      return GO_ZERO_TIME;
    }
    Matcher rfc3339 = RFC3339.matcher(text);
    if (!rfc3339.matches()) {
      throw object.invalid(field, "is not an RFC 3339 time");
    }
    String fraction = rfc3339.group(2) == null ? "" : "." + rfc3339.group(2);
    try {
      return OffsetDateTime.parse(
              rfc3339.group(1) + fraction + rfc3339.group(3),
              DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw object.invalid(field, "is not an RFC 3339 time");
    }
  }

  private static String formatTime(Instant instant) {
    if (instant.equals(GO_ZERO_TIME)) {
      return null;
    }
    Instant seconds = storedTime(instant);
    if (seconds.isBefore(FIRST_RFC3339_SECOND) || seconds.isAfter(LAST_RFC3339_SECOND)) {
      throw new IllegalArgumentException(
          "lastUpdated must lie in years 0 to 9999 to be written as RFC 3339, was " + instant);
    }
    return DateTimeFormatter.ISO_INSTANT.format(seconds);
  }

  private static CredentialHash parseHash(StrictJsonObject secret, String field)
      throws KubeletFormatException {
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

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static byte[] write(JsonBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
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
