package dev.pullgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.util.Map;

/**
 * The JSON that {@code list --json} and {@code get --json} print: records with the kubelet's field
 * names ({@code imageRef}, {@code lastUpdatedTime}, {@code credentialMapping}, {@code
 * kubernetesSecrets}, {@code kubernetesServiceAccounts}, {@code nodePodsAccessible}), every field
 * present, times in RFC 3339 at full precision, and credential hashes in full: the operator asked
 * for them, and Pullgate's own fields beside them ({@code pulledByNode}, {@code
 * preloadedImageNames}, each credential's {@code acceptedTime}). Strings are escaped as JSON allows
 * for every character a terminal could interpret (controls, DEL, and all non-ASCII as {@code
 * \\uXXXX}), so the output is safe to print and reads back to the same strings.
 */
final class RecordJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter WRITER =
      JsonMapper.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .build()
          .writer(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                  .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")))
          .with(new DeleteEscaped());

  private RecordJson() {}

  /** A new empty object, for a command's own top-level JSON. */
  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new empty array. */
  static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** {@code record} as a JSON object. */
  static ObjectNode record(PulledRecord record) {
    ObjectNode json = NODES.objectNode();
    json.put("imageRef", record.imageRef());
    json.put("lastUpdatedTime", record.lastUpdated().toString());
    json.put("pulledByNode", record.pulledByNode());
    ObjectNode mapping = json.putObject("credentialMapping");
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      mapping.set(entry.getKey(), credentialSet(entry.getValue()));
    }
    ArrayNode preloaded = json.putArray("preloadedImageNames");
    record.preloadedNames().forEach(preloaded::add);
    return json;
  }

  /** The intent for the normalised reference {@code reference} as a JSON object. */
  static ObjectNode intent(String reference) {
    return NODES.objectNode().put("image", reference);
  }

  /** {@code json} pretty-printed, two spaces per level, ending in a line feed. */
  static String print(Object json) {
    try {
      return WRITER.writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serialises", e);
    }
  }

  private static ObjectNode credentialSet(CredentialSet set) {
    ObjectNode json = NODES.objectNode();
    json.put("nodePodsAccessible", set.isNodePodsAccessible());
    ArrayNode secrets = json.putArray("kubernetesSecrets");
    for (CredentialSet.Secret secret : set.secrets()) {
      secrets
          .addObject()
          .put("uid", secret.coordinates().uid())
          .put("namespace", secret.coordinates().namespace())
          .put("name", secret.coordinates().name())
          .put("credentialHash", secret.hash().hex())
          .put("acceptedTime", secret.acceptedAt().toString());
    }
    ArrayNode accounts = json.putArray("kubernetesServiceAccounts");
    for (CredentialSet.ServiceAccount account : set.serviceAccounts()) {
      accounts
          .addObject()
          .put("uid", account.coordinates().uid())
          .put("namespace", account.coordinates().namespace())
          .put("name", account.coordinates().name())
          .put("acceptedTime", account.acceptedAt().toString());
    }
    return json;
  }

  /** JSON's standard escapes, plus DEL, which JSON leaves as it is and a terminal may act on. */
  private static final class DeleteEscaped extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int DELETE = 0x7f;

    private final int[] asciiEscapes = standardAsciiEscapesForJSON();

    DeleteEscaped() {
      asciiEscapes[DELETE] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
