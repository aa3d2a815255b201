package dev.pullgate.kubelet.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON object read strictly: each field is asked for by name with the type it must have, and
 * {@link #requireNoOtherFields()} rejects every field nobody asked for. What a missing or {@code
 * null} field reads as is the {@link StrictJson.Missing} setting of the reader that parsed it.
 *
 * <p>Messages name the field's path ({@code credentialMapping["r.example/app"].kubernetesSecrets[0]
 * .credentialHash}, {@code secrets[1].auth}) and, for a value of the wrong type, the type found;
 * never a value. Names and map keys come from the input too, so one is shown only when it looks
 * like what it should be; a map key that does not is named by its position ({@code [key 2]}). In an
 * object that holds credentials, or inside one, the name of an unknown field is never shown.
 */
public final class StrictJsonObject {
  private final JsonNode node;
  private final String path;
  private final String rootName;
  private final StrictJson reader;
  private final boolean holdsCredentials;
  private final Set<String> read = new HashSet<>();

  private StrictJsonObject(
      JsonNode node, String path, String rootName, StrictJson reader, boolean holdsCredentials) {
    this.node = node;
    this.path = path;
    this.rootName = rootName;
    this.reader = reader;
    this.holdsCredentials = holdsCredentials;
  }

  static StrictJsonObject root(JsonNode node, String rootName, StrictJson reader) {
    return new StrictJsonObject(node, "", rootName, reader, false);
  }

  /**
   * Whether {@code name}, a field name found in the input, may appear in a message: a short
   * identifier without a long run of hex digits. Never show one found inside credentials.
   */
  public static boolean isShowableName(String name) {
    return JsonNames.isShowableName(name);
  }

  /** Whether the object has the field {@code name}, whatever its value, {@code null} included. */
  public boolean has(String name) {
    return node.has(name);
  }

  /** The names of the object's fields, in input order. */
  public List<String> fieldNames() {
    List<String> names = new ArrayList<>(node.size());
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The string field {@code name}. */
  public String string(String name) throws JsonFormatException {
    JsonNode value = value(name);
    return value == null ? "" : asString(childPath(name), value);
  }

  /** The string field {@code name}, or empty when it is absent (or, read as Go reads, null). */
  public Optional<String> optionalString(String name) throws JsonFormatException {
    return isAbsent(name) ? Optional.empty() : Optional.of(string(name));
  }

  /** The boolean field {@code name}. */
  public boolean bool(String name) throws JsonFormatException {
    JsonNode value = value(name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw wrongType(childPath(name), "a boolean", value);
    }
    return value.booleanValue();
  }

  /**
   * The field {@code name} as a count: a whole number from 0 to {@value Integer#MAX_VALUE}, written
   * without a fraction or exponent.
   */
  public int count(String name) throws JsonFormatException {
    JsonNode value = value(name);
    if (value == null) {
      return 0;
    }
    if (!value.isIntegralNumber()) {
      throw wrongType(childPath(name), "a whole number", value);
    }
    if (!value.canConvertToInt() || value.intValue() < 0) {
      throw invalid(name, "must be a whole number from 0 to " + Integer.MAX_VALUE);
    }
    return value.intValue();
  }

  /** The object field {@code name}. */
  public StrictJsonObject object(String name) throws JsonFormatException {
    return nested(value(name), childPath(name), reader.holdsCredentials(name));
  }

  /** The object field {@code name}, or empty when it is absent or {@code null}. */
  public Optional<StrictJsonObject> nullableObject(String name) throws JsonFormatException {
    read.add(name);
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(object(name));
  }

  /** The array-of-objects field {@code name}. */
  public List<StrictJsonObject> objects(String name) throws JsonFormatException {
    JsonNode array = array(name);
    boolean credentials = reader.holdsCredentials(name);
    List<StrictJsonObject> objects = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      objects.add(nested(array.get(i), childPath(name) + "[" + i + "]", credentials));
    }
    return objects;
  }

  /** The array-of-strings field {@code name}. */
  public List<String> strings(String name) throws JsonFormatException {
    JsonNode array = array(name);
    List<String> strings = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      strings.add(asString(childPath(name) + "[" + i + "]", array.get(i)));
    }
    return strings;
  }

  /** The array-of-strings field {@code name}, or empty when it is absent. */
  public Optional<List<String>> optionalStrings(String name) throws JsonFormatException {
    return isAbsent(name) ? Optional.empty() : Optional.of(strings(name));
  }

  /** The field {@code name} as a map of objects, in input order. */
  public Map<String, StrictJsonObject> objectMap(String name) throws JsonFormatException {
    JsonNode map = value(name);
    Map<String, StrictJsonObject> objects = new LinkedHashMap<>();
    if (map == null) {
      return objects;
    }
    if (!map.isObject()) {
      throw wrongType(childPath(name), "an object", map);
    }
    boolean credentials = reader.holdsCredentials(name);
    for (Map.Entry<String, JsonNode> entry : map.properties()) {
      String key = entry.getKey();
      String element = JsonNames.isShowableKey(key) ? "\"" + key + "\"" : "key " + objects.size();
      objects.put(
          key, nested(entry.getValue(), childPath(name) + "[" + element + "]", credentials));
    }
    return objects;
  }

  /** An error about field {@code name} of this object: "field 'path.name' {@code problem}". */
  public JsonFormatException invalid(String name, String problem) {
    return new JsonFormatException("field '" + childPath(name) + "' " + problem);
  }

  /** An error about this object as a whole: "field 'path' {@code problem}". */
  public JsonFormatException invalid(String problem) {
    return new JsonFormatException(
        (path.isEmpty() ? rootName : "field '" + path + "'") + " " + problem);
  }

  /** Throws unless every field of this object was asked for. */
  public void requireNoOtherFields() throws JsonFormatException {
    for (String name : fieldNames()) {
      if (!read.contains(name)) {
        if (holdsCredentials || !JsonNames.isShowableName(name)) {
          throw new JsonFormatException(
              "an unknown field inside " + (path.isEmpty() ? rootName : "'" + path + "'"));
        }
        throw new JsonFormatException("unknown field '" + childPath(name) + "'");
      }
    }
  }

  /**
   * Whether the field {@code name} is to be taken as absent: missing, or {@code null} where null is
   * the zero value.
   */
  private boolean isAbsent(String name) {
    read.add(name);
    JsonNode value = node.get(name);
    return value == null || (value.isNull() && reader.zeroValues());
  }

  /** The value of field {@code name}, or null when it reads as the zero value. */
  private JsonNode value(String name) throws JsonFormatException {
    read.add(name);
    JsonNode value = node.get(name);
    if (value == null && !reader.zeroValues()) {
      throw invalid(name, "is missing");
    }
    return value == null || (value.isNull() && reader.zeroValues()) ? null : value;
  }

  /** The array field {@code name}; empty when it reads as the zero value. */
  private JsonNode array(String name) throws JsonFormatException {
    JsonNode value = value(name);
    if (value == null) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!value.isArray()) {
      throw wrongType(childPath(name), "an array", value);
    }
    return value;
  }

  private StrictJsonObject nested(JsonNode value, String childPath, boolean credentials)
      throws JsonFormatException {
    JsonNode object = value;
    if (object == null || (object.isNull() && reader.zeroValues())) {
      object = JsonNodeFactory.instance.objectNode();
    }
    if (!object.isObject()) {
      throw wrongType(childPath, "an object", object);
    }
    return new StrictJsonObject(
        object, childPath, rootName, reader, holdsCredentials || credentials);
  }

  private static String asString(String fieldPath, JsonNode value) throws JsonFormatException {
    if (!value.isTextual()) {
      throw wrongType(fieldPath, "a string", value);
    }
    return value.textValue();
  }

  private static JsonFormatException wrongType(String fieldPath, String expected, JsonNode value) {
    return new JsonFormatException(
        "field '" + fieldPath + "' must be " + expected + ", was " + JsonNames.typeOf(value));
  }

  private String childPath(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
