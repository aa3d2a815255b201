package dev.pullgate.kubelet.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The one strict JSON reader of Pullgate's text formats, the kubelet's record files and trace
 * lines: it parses a whole document into a {@link StrictJsonObject}, whose fields are then asked
 * for by name and type, and which rejects every field nobody asked for.
 *
 * <p>Parsing refuses bad syntax, trailing data, duplicate keys, strings and keys longer than
 * {@value #MAX_STRING_LENGTH} characters and nesting deeper than {@value #MAX_DEPTH} levels. A
 * reader is configured with what a missing or {@code null} field means ({@link Missing}) and with
 * the names of the fields whose values hold credentials: inside those, the name of an unknown or
 * duplicate field is never shown, since a misplaced credential may be one.
 *
 * <p>Error messages name the field's path ({@code credentials.secret.uid}, {@code secrets[1]}) and
 * a position, never a value; Jackson's own messages, which may quote the input, are never used.
 * Immutable and safe for many threads.
 */
public final class StrictJson {
  /** The longest string or key accepted, in characters. */
  public static final int MAX_STRING_LENGTH = 65_536;

  /** The deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = 32;

  /** What a field that is missing, or {@code null}, reads as. */
  public enum Missing {
    /** A missing field is an error, and {@code null} is a value of the wrong type. */
    IS_AN_ERROR,
    /** Both read as the type's zero value (empty, false, none), as Go decodes them. */
    IS_THE_ZERO_VALUE
  }

  private final Missing missing;
  private final Set<String> credentialFields;
  private final JsonMapper mapper;

  /**
   * A reader where missing fields mean {@code missing} and the values of {@code credentialFields}
   * (wherever they appear) hold credentials.
   */
  public StrictJson(Missing missing, Set<String> credentialFields) {
    this.missing = Objects.requireNonNull(missing, "missing");
    this.credentialFields = Set.copyOf(credentialFields);
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_STRING_LENGTH)
            .maxNestingDepth(MAX_DEPTH)
            .build();
    this.mapper =
        JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  /**
   * The object that the UTF-8 document {@code json} holds; messages call it "the document" and give
   * positions as line and column.
   */
  public StrictJsonObject parseDocument(byte[] json) throws JsonFormatException {
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (IOException e) {
      throw translate(e, true);
    }
    return root(tree, "the document");
  }

  /**
   * The object that {@code line}, one line of JSON Lines, holds; messages call it "the line" and
   * give positions as a column.
   */
  public StrictJsonObject parseLine(String line) throws JsonFormatException {
    JsonNode tree;
    try {
      tree = mapper.readTree(line);
    } catch (IOException e) {
      throw translate(e, false);
    }
    return root(tree, "the line");
  }

  /** Whether missing and {@code null} fields read as zero values. */
  boolean zeroValues() {
    return missing == Missing.IS_THE_ZERO_VALUE;
  }

  /** Whether the value of a field named {@code name} holds credentials. */
  boolean holdsCredentials(String name) {
    return credentialFields.contains(name);
  }

  private StrictJsonObject root(JsonNode tree, String rootName) throws JsonFormatException {
    if (tree == null || tree.isMissingNode()) {
      throw new JsonFormatException(rootName + " is empty");
    }
    if (!tree.isObject()) {
      throw new JsonFormatException(
          rootName + " must be a JSON object, was " + JsonNames.typeOf(tree));
    }
    return StrictJsonObject.root(tree, rootName, this);
  }

  private JsonFormatException translate(IOException e, boolean document) {
    if (!(e instanceof JsonProcessingException parse)) {
      return new JsonFormatException("unreadable JSON");
    }
    String at = position(parse.getLocation(), document);
    if (e instanceof JsonEOFException) {
      return new JsonFormatException("truncated JSON" + at);
    }
    if (e instanceof StreamConstraintsException) {
      String message = String.valueOf(parse.getOriginalMessage());
      return new JsonFormatException(
          message.startsWith("Document nesting depth")
              ? "nested deeper than " + MAX_DEPTH + " levels" + at
              : "too long: a string or key of more than "
                  + String.format(Locale.ROOT, "%,d", MAX_STRING_LENGTH)
                  + " characters, the limit"
                  + at);
    }
    if (e instanceof JsonParseException p
        && String.valueOf(p.getOriginalMessage()).startsWith("Duplicate field")
        && p.getProcessor() != null) {
      return duplicate(
          p.getProcessor().getParsingContext(), document ? "the document" : "the line");
    }
    return new JsonFormatException("not valid JSON" + at);
  }

  /**
   * The message for a duplicate key in the object {@code context}: its path and name, unless the
   * path passes through a field that holds credentials or holds a name that cannot be shown.
   */
  private JsonFormatException duplicate(JsonStreamContext context, String rootName) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null; c = c.getParent()) {
      chain.add(0, c);
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i + 1 < chain.size(); i++) {
      JsonStreamContext parent = chain.get(i);
      if (parent.inArray()) {
        path.append('[').append(parent.getCurrentIndex()).append(']');
      } else if (parent.inObject()) {
        String name = parent.getCurrentName();
        if (name == null || !JsonNames.isShowableName(name)) {
          return new JsonFormatException("a duplicate field inside " + rootName);
        }
        path.append(path.length() == 0 ? "" : ".").append(name);
        if (holdsCredentials(name)) {
          return new JsonFormatException("a duplicate field inside '" + path + "'");
        }
      }
    }
    String name = context.getCurrentName();
    if (name == null || !JsonNames.isShowableName(name)) {
      return new JsonFormatException(
          "a duplicate field inside " + (path.length() == 0 ? rootName : "'" + path + "'"));
    }
    return new JsonFormatException(
        "duplicate field '" + (path.length() == 0 ? name : path + "." + name) + "'");
  }

  private static String position(JsonLocation location, boolean document) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return document
        ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
        : " at column " + location.getColumnNr();
  }
}
