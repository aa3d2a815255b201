package dev.pullgate.cli.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fields of one JSON object in a trace, read strictly: each field is asked for by name with the
 * type it must have, and {@link #finish()} rejects every field that nobody asked for.
 *
 * <p>Errors name the line and the field's full path ({@code credentials.secret.uid}, {@code
 * secrets[1].auth}) and the type found, never the value: a value may be a credential. For the same
 * reason an unknown field inside an object that holds a raw credential is not named.
 */
final class JsonFields {
  /** Field names short and plain enough to repeat in a message outside a credential object. */
  private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  private final JsonNode node;
  private final int line;
  private final String path;
  private final boolean secret;
  private final Set<String> read = new HashSet<>();

  private JsonFields(JsonNode node, int line, String path, boolean secret) {
    this.node = node;
    this.line = line;
    this.path = path;
    this.secret = secret;
  }

  /** The fields of {@code node}, which must be an object; {@code path} names it ("" at the top). */
  static JsonFields of(JsonNode node, int line, String path) throws TraceFormatException {
    return of(node, line, path, false);
  }

  private static JsonFields of(JsonNode node, int line, String path, boolean secret)
      throws TraceFormatException {
    if (!node.isObject()) {
      String what = path.isEmpty() ? "the line" : "field '" + path + "'";
      throw new TraceFormatException(line, what + " must be a JSON object, was " + typeOf(node));
    }
    return new JsonFields(node, line, path, secret);
  }

  /** Whether {@code name} is short and plain enough to repeat in a message: an identifier. */
  static boolean printable(String name) {
    return PRINTABLE_NAME.matcher(name).matches();
  }

  /** Whether the object has the field, whatever its value. */
  boolean has(String name) {
    return node.has(name);
  }

  /** The value of a field that must be present, of any type. */
  JsonNode required(String name) throws TraceFormatException {
    read.add(name);
    JsonNode value = node.get(name);
    if (value == null) {
      throw error(name, "is missing");
    }
    return value;
  }

  /** A required string field. */
  String string(String name) throws TraceFormatException {
    return asString(name, required(name));
  }

  /** An optional string field; absent is empty, null is a wrong type. */
  Optional<String> optionalString(String name) throws TraceFormatException {
    return has(name) ? Optional.of(string(name)) : Optional.empty();
  }

  /** A required boolean field. */
  boolean bool(String name) throws TraceFormatException {
    JsonNode value = required(name);
    if (!value.isBoolean()) {
      throw wrongType(name, "a boolean", value);
    }
    return value.booleanValue();
  }

  /** A required object field. */
  JsonFields object(String name) throws TraceFormatException {
    return of(required(name), line, fieldPath(name));
  }

  /**
   * A required object field that holds a raw credential ({@code auth}): the names of its unknown
   * fields are never repeated in a message, since a misplaced credential may be one of them.
   */
  JsonFields secretObject(String name) throws TraceFormatException {
    return of(required(name), line, fieldPath(name), true);
  }

  /** A required array field, as its elements. */
  List<JsonNode> array(String name) throws TraceFormatException {
    JsonNode value = required(name);
    if (!value.isArray()) {
      throw wrongType(name, "an array", value);
    }
    List<JsonNode> elements = new ArrayList<>(value.size());
    value.elements().forEachRemaining(elements::add);
    return elements;
  }

  /** A required array of strings. */
  List<String> stringArray(String name) throws TraceFormatException {
    List<JsonNode> elements = array(name);
    List<String> strings = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      strings.add(asString(name + "[" + i + "]", elements.get(i)));
    }
    return strings;
  }

  /** An optional array of strings. */
  Optional<List<String>> optionalStringArray(String name) throws TraceFormatException {
    return has(name) ? Optional.of(stringArray(name)) : Optional.empty();
  }

  /** The fields of element {@code index} of array field {@code name}, which must be an object. */
  JsonFields element(String name, int index, JsonNode element) throws TraceFormatException {
    return of(element, line, fieldPath(name + "[" + index + "]"));
  }

  /** Rejects the first field that was not read. */
  void finish() throws TraceFormatException {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        if (printable(name) && !secret) {
          throw new TraceFormatException(line, "unknown field '" + fieldPath(name) + "'");
        }
        throw new TraceFormatException(
            line,
            "unknown field in "
                + (path.isEmpty() ? "the line" : "'" + path + "'")
                + (secret ? " (its name is not shown: it may be a credential)" : ""));
      }
    }
  }

  /** An error about field {@code name}: "field 'path.name' {@code problem}". */
  TraceFormatException error(String name, String problem) {
    return new TraceFormatException(line, "field '" + fieldPath(name) + "' " + problem);
  }

  /** An error about this object as a whole: "field 'path' {@code problem}". */
  TraceFormatException objectError(String problem) {
    return new TraceFormatException(
        line, (path.isEmpty() ? "the line " : "field '" + path + "' ") + problem);
  }

  private String asString(String name, JsonNode value) throws TraceFormatException {
    if (!value.isTextual()) {
      throw wrongType(name, "a string", value);
    }
    return value.textValue();
  }

  private TraceFormatException wrongType(String name, String expected, JsonNode value) {
    return error(name, "must be " + expected + ", was " + typeOf(value));
  }

  private String fieldPath(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String typeOf(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case NULL -> "null";
      default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
