package dev.pullgate.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JSON object read the way the kubelet's strict decoder reads it: fields are case-sensitive, a
 * field of the wrong type is an error, a missing or {@code null} field takes its zero value (empty
 * string, false, empty list, map or object), and {@link #requireNoOtherFields()} rejects any field
 * that was not asked for.
 *
 * <p>Messages name the field's path ({@code credentialMapping["r.example/app"].kubernetesSecrets[0]
 * .credentialHash}) and never a value. Names and map keys come from the file too, so one is shown
 * only when it looks like what it should be (a field name, an image name) and holds no long run of
 * hex digits that could be part of a credential hash; otherwise the message names the enclosing
 * object, or the key's position.
 */
final class StrictJsonObject {
  private static final Pattern SHOWN_FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");
  private static final Pattern SHOWN_KEY = Pattern.compile("[!#-~]{1,255}");
  private static final Pattern HEX_RUN = Pattern.compile("[0-9A-Fa-f]{9,}");

  private final JsonNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private StrictJsonObject(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The object {@code node}, found at {@code path}; the root has an empty path. */
  static StrictJsonObject of(JsonNode node, String path) throws KubeletFormatException {
    if (node == null || !node.isObject()) {
      throw new KubeletFormatException(describe(path) + " must be a JSON object");
    }
    return new StrictJsonObject(node, path);
  }

  /** A nested object; {@code null} stands for an empty one, as Go decodes it. */
  private static StrictJsonObject nested(JsonNode node, String path) throws KubeletFormatException {
    return of(node.isNull() ? JsonNodeFactory.instance.objectNode() : node, path);
  }

  /** The string field {@code name}; empty when missing or null. */
  String string(String name) throws KubeletFormatException {
    JsonNode value = field(name);
    if (value == null) {
      return "";
    }
    if (!value.isTextual()) {
      throw new KubeletFormatException(describe(child(name)) + " must be a string");
    }
    return value.textValue();
  }

  /** The string field {@code name}, or null when missing or null. */
  String nullableString(String name) throws KubeletFormatException {
    return field(name) == null ? null : string(name);
  }

  /** The boolean field {@code name}; false when missing or null. */
  boolean bool(String name) throws KubeletFormatException {
    JsonNode value = field(name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new KubeletFormatException(describe(child(name)) + " must be true or false");
    }
    return value.booleanValue();
  }

  /** The array-of-objects field {@code name}; empty when missing or null. */
  List<StrictJsonObject> objects(String name) throws KubeletFormatException {
    JsonNode value = field(name);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new KubeletFormatException(describe(child(name)) + " must be a list");
    }
    List<StrictJsonObject> objects = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      objects.add(nested(value.get(i), child(name) + "[" + i + "]"));
    }
    return objects;
  }

  /** The object-valued map field {@code name}, in file order; empty when missing or null. */
  Map<String, StrictJsonObject> objectMap(String name) throws KubeletFormatException {
    JsonNode value = field(name);
    if (value == null) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new KubeletFormatException(describe(child(name)) + " must be a map");
    }
    Map<String, StrictJsonObject> objects = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String key = entry.getKey();
      String shownKey = shown(key, SHOWN_KEY) ? "\"" + key + "\"" : "key " + objects.size();
      objects.put(key, nested(entry.getValue(), child(name) + "[" + shownKey + "]"));
    }
    return objects;
  }

  /** An error about field {@code name} of this object: its path followed by {@code problem}. */
  KubeletFormatException invalid(String name, String problem) {
    return new KubeletFormatException(describe(child(name)) + " " + problem);
  }

  /** Throws unless every field of this object was read. */
  void requireNoOtherFields() throws KubeletFormatException {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      if (!read.contains(name)) {
        throw new KubeletFormatException(
            shown(name, SHOWN_FIELD)
                ? "unknown field " + describe(child(name))
                : "unknown field in " + describe(path));
      }
    }
  }

  private JsonNode field(String name) {
    read.add(name);
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  /** Whether {@code text} from the file may appear in a message: it has the expected form. */
  private static boolean shown(String text, Pattern form) {
    return form.matcher(text).matches() && !HEX_RUN.matcher(text).find();
  }

  private String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String describe(String path) {
    return path.isEmpty() ? "the document" : "'" + path + "'";
  }
}
