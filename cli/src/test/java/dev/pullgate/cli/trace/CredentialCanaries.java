package dev.pullgate.cli.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace line with every text that a credential may hide behind replaced by a canary: inside an
 * {@code auth} object (at any depth) every string value and every key but its own {@code username},
 * {@code password} and {@code email}; inside any other object on the way to credentials ({@code
 * credentials}, {@code secrets}, {@code secret}, {@code serviceAccount}) every key the trace format
 * does not define, and every {@code credentialHash} value.
 *
 * <p>Equal texts get equal canaries, so that a duplicated key stays duplicated. The line is read
 * leniently (duplicates allowed) up to its first syntax error, and everything before it is
 * rewritten, so the parser meets the same structure with canaries where the secrets were.
 */
final class CredentialCanaries {
  /** What every canary starts with; no message of the trace parser holds it on its own. */
  static final String STEM = "Qz7canary";

  private static final JsonFactory LENIENT = new JsonFactory();
  private static final Set<String> CREDENTIAL_PATH =
      Set.of("credentials", "secrets", "secret", "serviceAccount", "auth");
  private static final Set<String> AUTH_FIELDS = Set.of("username", "password", "email");
  private static final Set<String> CREDENTIAL_FIELDS =
      Set.of(
          "uid",
          "namespace",
          "name",
          "auth",
          "credentialHash",
          "nodePodsAccessible",
          "secret",
          "serviceAccount");

  private CredentialCanaries() {}

  /** {@code line} with canaries in place of every credential-bearing text; same when none. */
  static String rewrite(String line) {
    List<int[]> spans = new ArrayList<>();
    try (JsonParser parser = LENIENT.createParser(line)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if ((token == JsonToken.FIELD_NAME && isSecretKey(parser))
            || (token == JsonToken.VALUE_STRING && isSecretValue(parser))) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          spans.add(new int[] {start, endOfString(line, start)});
        }
      }
    } catch (IOException e) {
      // A syntax error: what came before it is rewritten, the rest is left as it is.
    }
    return replace(line, spans);
  }

  /** Whether the key at the parser names something a credential object may not define. */
  private static boolean isSecretKey(JsonParser parser) throws IOException {
    List<String> enclosing = enclosingFields(parser.getParsingContext().getParent());
    if (enclosing.contains("auth")) {
      return !(enclosing.get(0).equals("auth") && AUTH_FIELDS.contains(parser.currentName()));
    }
    return onCredentialPath(enclosing) && !CREDENTIAL_FIELDS.contains(parser.currentName());
  }

  /** Whether the string value at the parser is held by {@code auth} or is a credential hash. */
  private static boolean isSecretValue(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    List<String> enclosing = enclosingFields(context.getParent());
    String own = context.inObject() ? context.getCurrentName() : null;
    if (own != null) {
      enclosing.add(0, own);
    }
    return enclosing.contains("auth")
        || ("credentialHash".equals(own) && onCredentialPath(enclosing));
  }

  private static boolean onCredentialPath(List<String> enclosing) {
    return enclosing.stream().anyMatch(CREDENTIAL_PATH::contains);
  }

  /** The names of the fields that hold {@code context}, innermost first. */
  private static List<String> enclosingFields(JsonStreamContext context) {
    List<String> names = new ArrayList<>();
    for (JsonStreamContext c = context; c != null; c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        names.add(c.getCurrentName());
      }
    }
    if (names.isEmpty()) {
      names.add("");
    }
    return names;
  }

  /** The index just past the closing quote of the JSON string that opens at {@code start}. */
  private static int endOfString(String line, int start) {
    for (int i = start + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return line.length();
  }

  private static String replace(String line, List<int[]> spans) {
    if (spans.isEmpty()) {
      return line;
    }
    Map<String, String> canaries = new HashMap<>();
    StringBuilder out = new StringBuilder(line.length());
    int from = 0;
    for (int[] span : spans) {
      String text = line.substring(span[0], span[1]);
      String canary = canaries.computeIfAbsent(text, t -> "\"" + STEM + canaries.size() + "\"");
      out.append(line, from, span[0]).append(canary);
      from = span[1];
    }
    return out.append(line, from, line.length()).toString();
  }
}
