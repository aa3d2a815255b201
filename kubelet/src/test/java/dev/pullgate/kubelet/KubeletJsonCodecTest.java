package dev.pullgate.kubelet;

import static dev.pullgate.kubelet.KubeletRecords.asTheKubeletKeepsIt;
import static dev.pullgate.store.TestRecords.T0;
import static dev.pullgate.store.TestRecords.hash;
import static dev.pullgate.store.TestRecords.richRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON form of intents and records: what is written, what is accepted, what is refused. */
class KubeletJsonCodecTest {
  private static final String V1BETA1 = "kubelet.config.k8s.io/v1beta1";
  private static final String HASH_HEX = hash(7).hex();

  @ParameterizedTest
  @EnumSource(KubeletApiVersion.class)
  void richRecord_encodedInEitherVersion_decodesEqualWithOneTimeForEveryCredential(
      KubeletApiVersion version) throws Exception {
    PulledRecord record = richRecord("sha256:rich", T0);
    assertThat(KubeletJsonCodec.decodePulledRecord(KubeletJsonCodec.encode(record, version)))
        .isEqualTo(asTheKubeletKeepsIt(record));
  }

  @ParameterizedTest
  @EnumSource(KubeletApiVersion.class)
  void intent_encodedInEitherVersion_decodesEqual(KubeletApiVersion version) throws Exception {
    String image = "registry.example/app:v1";
    assertThat(KubeletJsonCodec.decodeIntent(KubeletJsonCodec.encodeIntent(image, version)))
        .isEqualTo(image);
  }

  @Test
  void decodeIntent_keepsTheImageAsTheKubeletWroteIt() throws Exception {
    assertThat(KubeletJsonCodec.decodeIntent(bytes(intentJson("nginx:1.25"))))
        .isEqualTo("nginx:1.25");
  }

  @Test
  void decode_datesEveryCredentialAtTheRecordsTime() throws Exception {
    PulledRecord record =
        decodeRecord(
            "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":\"r\","
                + "\"lastUpdatedTime\":\"2026-01-01T02:00:00+02:00\",\"credentialMapping\":{"
                + "\"r/a\":{\"kubernetesSecrets\":[{\"uid\":\"u\",\"namespace\":\"n\","
                + "\"name\":\"s\",\"credentialHash\":\"\"}],"
                + "\"kubernetesServiceAccounts\":[{\"uid\":\"sa\",\"namespace\":\"n\","
                + "\"name\":\"b\"}]}}}");
    CredentialSet set = record.credentialsFor("r/a");
    assertThat(set.secrets())
        .containsExactly(
            CredentialSet.Secret.of(SecretCredential.of("u", "n", "s", CredentialHash.EMPTY), T0));
    assertThat(set.serviceAccounts())
        .containsExactly(
            new CredentialSet.ServiceAccount(new ServiceAccountCoordinates("sa", "n", "b"), T0));
  }

  @Test
  void encode_record_writesTheKubeletsFieldsInItsOrder() {
    PulledRecord record =
        new PulledRecord(
            "sha256:r",
            Instant.parse("2026-01-01T00:00:00.987Z"),
            Map.of(
                "b.example/x",
                CredentialSet.nodePodsAccessible(),
                "a.example/y",
                CredentialSet.of(
                    List.of(
                        CredentialSet.Secret.of(
                            SecretCredential.of("u", "ns", "s", CredentialHash.EMPTY), T0)),
                    List.of()),
                "c.example/z",
                CredentialSet.empty()));
    String json = utf8(KubeletJsonCodec.encode(record, KubeletApiVersion.V1BETA1));
    assertThat(json)
        .isEqualTo(
            "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\","
                + "\"lastUpdatedTime\":\"2026-01-01T00:00:00Z\",\"imageRef\":\"sha256:r\","
                + "\"credentialMapping\":{"
                + "\"a.example/y\":{\"kubernetesSecrets\":[{\"uid\":\"u\",\"namespace\":\"ns\","
                + "\"name\":\"s\",\"credentialHash\":\"\"}]},"
                + "\"b.example/x\":{\"nodePodsAccessible\":true},"
                + "\"c.example/z\":{}}}\n");
  }

  @Test
  void encode_recordWithoutCredentials_leavesOutTheMapping() {
    String json =
        utf8(
            KubeletJsonCodec.encode(
                PulledRecord.withoutCredentials("sha256:e", T0), KubeletApiVersion.V1ALPHA1));
    assertThat(json)
        .isEqualTo(
            "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"kubelet.config.k8s.io/v1alpha1\","
                + "\"lastUpdatedTime\":\"2026-01-01T00:00:00Z\",\"imageRef\":\"sha256:e\"}\n");
  }

  @Test
  void goZeroTime_isWrittenAsNullAndReadBack() throws Exception {
    PulledRecord record =
        PulledRecord.withoutCredentials("sha256:z", KubeletJsonCodec.GO_ZERO_TIME);
    byte[] json = KubeletJsonCodec.encode(record, KubeletApiVersion.V1BETA1);
    assertThat(utf8(json)).contains("\"lastUpdatedTime\":null");
    assertThat(KubeletJsonCodec.decodePulledRecord(json)).isEqualTo(record);
  }

  @Test
  void decode_missingFields_takeGoZeroValues() throws Exception {
    PulledRecord record =
        decodeRecord("{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":\"r\"}");
    assertThat(record.lastUpdated()).isEqualTo(KubeletJsonCodec.GO_ZERO_TIME);
    assertThat(record.credentialMapping()).isEmpty();
  }

  // The engine refuses an empty imageRef, the zero value of a missing one: no record has it.
  @ParameterizedTest
  @ValueSource(strings = {"", ",\"imageRef\":\"\"", ",\"imageRef\":\"sha256:a b\""})
  void decode_missingEmptyOrInvalidImageRef_isRefused(String imageRef) {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\"" + imageRef + "}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("field 'imageRef' is not a valid imageRef");
  }

  // A key the kubelet never writes, and maybe a credential pasted in the wrong place.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "robot:hunter2@registry.example/app",
        "robot@registry.example/app",
        "https://robot:hunter2@registry.example/app"
      })
  void decode_mappingKeyThatIsNoImageName_isRefusedWithoutQuotingIt(String key) {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":"
                        + "\"sha256:aa\",\"credentialMapping\":{\""
                        + key
                        + "\":{\"nodePodsAccessible\":true}}}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage(
            "field 'credentialMapping[key 0]' is keyed by a name that is not a valid image name");
  }

  @Test
  void decode_nodeAccessibleBesideSecrets_keepsNodeAccessible() throws Exception {
    PulledRecord record =
        decodeRecord(
            "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":\"r\","
                + "\"credentialMapping\":{\"a/b\":{\"nodePodsAccessible\":true,"
                + "\"kubernetesSecrets\":[{\"uid\":\"u\",\"namespace\":\"n\",\"name\":\"s\","
                + "\"credentialHash\":\"\"}]}}}");
    assertThat(record.credentialsFor("a/b")).isEqualTo(CredentialSet.nodePodsAccessible());
  }

  @Test
  void decode_nullNestedObjects_areEmpty_asGoDecodesThem() throws Exception {
    PulledRecord record =
        decodeRecord(
            "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":\"r\","
                + "\"credentialMapping\":{\"a/b\":null,\"c/d\":{\"kubernetesServiceAccounts\":[null]}}}");
    assertThat(record.credentialsFor("a/b")).isEqualTo(CredentialSet.empty());
    assertThat(record.credentialsFor("c/d").serviceAccounts())
        .extracting(CredentialSet.ServiceAccount::coordinates)
        .containsExactly(new ServiceAccountCoordinates("", "", ""));
  }

  @Test
  void decode_timeWithOffsetAndFraction_isTheSameInstant() throws Exception {
    PulledRecord record =
        decodeRecord(
            "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":\"r\","
                + "\"lastUpdatedTime\":\"2026-01-01T02:00:00.5+02:00\"}");
    assertThat(record.lastUpdated()).isEqualTo(Instant.parse("2026-01-01T00:00:00.5Z"));
  }

  @Test
  void decode_timeWithMoreThanNineFractionDigits_isRead_andKeptToTheMillisecond() throws Exception {
    // Rfc3339Test shows the nine digits Go keeps; a record keeps milliseconds, as stores do.
    PulledRecord record =
        decodeRecord(
            "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":\"r\","
                + "\"lastUpdatedTime\":\"2026-01-01T00:00:00.1234567891Z\"}");
    assertThat(record.lastUpdated()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-01T00:00Z",
        "2026-01-01t00:00:00z",
        "2026-01-01T00:00:00",
        "2026-01-01T00:00:00+02",
        "2026-01-01T00:00:00+02:00:30",
        "2026-01-01T00:00:00.Z",
        "+12026-01-01T00:00:00Z",
        "2026-01-01 00:00:00Z",
        "2026-02-30T00:00:00Z"
      })
  void decode_timeThatGoDoesNotReadAsRfc3339_isRefused(String time) {
    String json =
        "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"lastUpdatedTime\":\""
            + time
            + "\"}";
    assertThatThrownBy(() -> decodeRecord(json))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("field 'lastUpdatedTime' is not an RFC 3339 time");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"%s\",\"image\":\"x\",\"extra\":1}",
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"%s\",\"Image\":\"x\"}",
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"%s\",\"image\":\"x\",\"image\":\"y\"}",
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"%s\",\"image\":7}",
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"%s\",\"image\":\"x\"} {}",
        "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"image\":\"x\"}",
        "{\"apiVersion\":\"%s\",\"image\":\"x\"}",
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"kubelet.config.k8s.io/v1\",\"image\":\"x\"}",
        "[\"%s\"]",
        "",
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"%s\",\"image\":\"x\""
      })
  void decodeIntent_refusesWhatTheKubeletsStrictDecoderRefuses(String json) {
    assertThatThrownBy(() -> KubeletJsonCodec.decodeIntent(bytes(json)))
        .isInstanceOf(JsonFormatException.class);
  }

  @Test
  void decode_unknownField_namesItsPath() {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"imageRef\":\"r\","
                        + "\"imageDigest\":\"d\"}"))
        .hasMessage("unknown field 'imageDigest'");
  }

  @Test
  void decode_unknownFieldInsideCredentials_namesTheObjectNeverTheField() {
    String credential = "robot:hunter2";
    for (String inside :
        List.of(
            "{\"kubernetesServiceAccounts\":[{\"uid\":\"u\",\"token\":\"t\"}]}",
            "{\"kubernetesSecrets\":[{\"uid\":\"u\",\"" + credential + "\":\"t\"}]}",
            "{\"nodePodsAccessible\":true,\"robotPassword\":1}")) {
      assertThatThrownBy(
              () ->
                  decodeRecord(
                      "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\","
                          + "\"credentialMapping\":{\"r/a\":"
                          + inside
                          + "}}"))
          .isInstanceOf(JsonFormatException.class)
          .hasMessageStartingWith("an unknown field inside 'credentialMapping[\"r/a\"]")
          .message()
          .doesNotContain("token")
          .doesNotContain("robot")
          .doesNotContain("hunter2");
    }
  }

  @Test
  void decode_duplicateFieldInsideCredentials_namesTheObjectNeverTheField() {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\","
                        + "\"credentialMapping\":{\"r/a\":{\"kubernetesSecrets\":[{\"uid\":\"u\","
                        + "\"robotSecret\":1,\"robotSecret\":2}]}}}"))
        .hasMessage("a duplicate field inside 'credentialMapping'");
  }

  @Test
  void decode_duplicateTopLevelField_namesIt() {
    assertThatThrownBy(
            () ->
                KubeletJsonCodec.decodeIntent(
                    bytes(intentJson("x").replace("}", ",\"image\":\"y\"}"))))
        .hasMessage("duplicate field 'image'");
  }

  @Test
  void decode_secretWithInvalidCoordinates_isRefusedNamingTheFieldNotTheValue() {
    String json =
        recordWithHash(HASH_HEX).replace("\"namespace\":\"n\"", "\"namespace\":\"n\\u001b[2J\"");
    assertThatThrownBy(() -> KubeletJsonCodec.decodePulledRecord(bytes(json)))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageStartingWith(
            "field 'credentialMapping[\"r/a\"].kubernetesSecrets[0]' has invalid coordinates:"
                + " secret namespace must be empty or a DNS-1123 label")
        .message()
        .doesNotContain("\u001b");
  }

  @Test
  void decode_serviceAccountWithInvalidCoordinates_isRefused() {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"credentialMapping\":"
                        + "{\"r/a\":{\"kubernetesServiceAccounts\":[{\"uid\":\"u v\"}]}}}"))
        .hasMessage(
            "field 'credentialMapping[\"r/a\"].kubernetesServiceAccounts[0]' has invalid"
                + " coordinates: service account uid must be empty or 1 to 128 printable ASCII"
                + " characters without whitespace");
  }

  @Test
  void decode_imageNameLongerThanTheLimit_isRefusedAsTooLong() {
    String json =
        "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"credentialMapping\":{\"r/"
            + "a".repeat(1 << 20)
            + "\":{}}}";
    assertThatThrownBy(() -> decodeRecord(json))
        .hasMessageStartingWith(
            "too long: a string or key of more than 65,536 characters, the limit");
  }

  @Test
  void decode_unknownFieldNamedLikeAHash_namesItsObjectWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"x"
                        + HASH_HEX.substring(0, 32)
                        + "\":\"x\"}"))
        .hasMessage("an unknown field inside the document");
  }

  @Test
  void decode_mappingKeyWithControlCharacters_isNamedByPosition() {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"credentialMapping\":"
                        + "{\"r/a\":{},\"evil\\n\\u001b[31m\":{\"nodePodsAccessible\":1}}}"))
        .hasMessage(
            "field 'credentialMapping[key 1].nodePodsAccessible' must be a boolean, was a number");
  }

  @Test
  void decode_mappingKeyThatMayHoldCredentials_isNamedByPosition() {
    assertThatThrownBy(
            () ->
                decodeRecord(
                    "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"%s\",\"credentialMapping\":"
                        + "{\"robot:hunter2@registry.example/app\":{\"nodePodsAccessible\":1}}}"))
        .hasMessage(
            "field 'credentialMapping[key 0].nodePodsAccessible' must be a boolean, was a number");
  }

  @Test
  void decode_wrongKind_saysWhichKindItFound() {
    assertThatThrownBy(() -> KubeletJsonCodec.decodePulledRecord(bytes(intentJson("x"))))
        .hasMessage("field 'kind' is ImagePullIntent, expected ImagePulledRecord");
  }

  @Test
  void decode_truncatedFile_saysTruncatedWithoutEchoingTheHash() {
    String json = recordWithHash(HASH_HEX);
    String truncated = json.substring(0, json.indexOf(HASH_HEX) + 40);
    assertThatThrownBy(() -> KubeletJsonCodec.decodePulledRecord(bytes(truncated)))
        .hasMessageStartingWith("truncated JSON at line 1")
        .message()
        .doesNotContain(HASH_HEX.substring(0, 16));
  }

  @Test
  void decode_syntaxErrorInsideAHash_doesNotEchoIt() {
    String json = recordWithHash(HASH_HEX).replace("\"" + HASH_HEX + "\"", HASH_HEX);
    assertThatThrownBy(() -> KubeletJsonCodec.decodePulledRecord(bytes(json)))
        .hasMessageStartingWith("not valid JSON at line 1, column ")
        .message()
        .doesNotContain(HASH_HEX.substring(0, 16));
  }

  @Test
  void decode_hashThatIsNotHex_isRefusedWithoutEchoingIt() {
    String bad = HASH_HEX.toUpperCase();
    assertThatThrownBy(() -> KubeletJsonCodec.decodePulledRecord(bytes(recordWithHash(bad))))
        .hasMessage(
            "field 'credentialMapping[\"r/a\"].kubernetesSecrets[0].credentialHash' must be empty"
                + " or 64"
                + " lowercase hex digits")
        .message()
        .doesNotContain(bad.substring(0, 16));
  }

  @Test
  void encode_timeBeyondRfc3339_isRefused() {
    PulledRecord record =
        PulledRecord.withoutCredentials("r", Instant.parse("+10000-01-01T00:00:00Z"));
    assertThatThrownBy(() -> KubeletJsonCodec.encode(record, KubeletApiVersion.V1BETA1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String recordWithHash(String hashText) {
    return "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\""
        + V1BETA1
        + "\",\"imageRef\":\"r\",\"credentialMapping\":{\"r/a\":{\"kubernetesSecrets\":["
        + "{\"uid\":\"u\",\"namespace\":\"n\",\"name\":\"s\",\"credentialHash\":\""
        + hashText
        + "\"}]}}}";
  }

  private static String intentJson(String image) {
    return "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\""
        + V1BETA1
        + "\",\"image\":\""
        + image
        + "\"}";
  }

  private static PulledRecord decodeRecord(String template) throws JsonFormatException {
    return KubeletJsonCodec.decodePulledRecord(bytes(template));
  }

  private static byte[] bytes(String template) {
    return template.replace("%s", V1BETA1).getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
