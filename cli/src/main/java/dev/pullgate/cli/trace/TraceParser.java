package dev.pullgate.cli.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pullgate.DecisionReason;
import dev.pullgate.PullGateConfig;
import dev.pullgate.RuntimeImage;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a whole trace, strictly, before anything runs: JSON Lines, blank lines and lines starting
 * with {@code #} or {@code //} ignored, every op and field checked. The first problem stops parsing
 * with a {@link TraceFormatException} naming its line and field.
 */
public final class TraceParser {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([A-Za-z]\\w{0,63})'");
  private static final Pattern PRINTABLE_OP = Pattern.compile("[A-Za-z]{1,40}");

  private TraceParser() {}

  /** The trace these lines (without line terminators, the first being line 1) hold. */
  public static Trace parse(List<String> lines) throws TraceFormatException {
    PullGateConfig config = null;
    List<TraceOp> ops = new ArrayList<>();
    Instant clock = TraceClock.START;
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#") || text.startsWith("//")) {
        continue;
      }
      JsonFields fields = JsonFields.of(readJson(text, line), line, "");
      String op = fields.string("op");
      if (op.equals("config")) {
        if (config != null) {
          throw new TraceFormatException(line, "a trace has at most one config op");
        }
        if (!ops.isEmpty()) {
          throw new TraceFormatException(line, "config must come before every other op");
        }
        config = TraceConfig.read(fields, line);
      } else {
        TraceOp parsed = op(op, fields, line);
        fields.finish();
        if (parsed instanceof TraceOp.Clock moved) {
          clock = clockAfter(clock, moved, fields);
        }
        ops.add(parsed);
      }
    }
    return new Trace(config == null ? PullGateConfig.defaults() : config, ops);
  }

  private static JsonNode readJson(String text, int line) throws TraceFormatException {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote a token of the line, which may be a credential: never use it.
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.find()) {
        throw new TraceFormatException(line, "duplicate field '" + duplicate.group(1) + "'");
      }
      int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      throw new TraceFormatException(
          line, "not valid JSON" + (column > 0 ? " (near column " + column + ")" : ""));
    }
  }

  private static TraceOp op(String op, JsonFields f, int line) throws TraceFormatException {
    return switch (op) {
      case "clock" -> clock(f, line);
      case "intent" -> new TraceOp.Intent(line, f.string("image"));
      case "pulled" ->
          new TraceOp.Pulled(
              line,
              f.string("image"),
              f.string("imageRef"),
              TraceCredentials.pullCredentials(f, "credentials"));
      case "failed" -> new TraceOp.Failed(line, f.string("image"));
      case "check" -> check(f, line);
      case "prune" ->
          new TraceOp.Prune(
              line,
              new LinkedHashSet<>(f.stringArray("keep")),
              f.has("until") ? instant(f, "until") : null);
      case "restart" -> restart(f, line);
      case "expectRecord" -> expectRecord(f, line);
      case "expectIntent" -> new TraceOp.ExpectIntent(line, f.string("image"), f.bool("exists"));
      default ->
          throw f.error(
              "op",
              "names no op"
                  + (PRINTABLE_OP.matcher(op).matches() ? " ('" + op + "')" : "")
                  + "; ops are config, clock, intent, pulled, failed, check, prune, restart,"
                  + " expectRecord, expectIntent");
    };
  }

  private static TraceOp clock(JsonFields f, int line) throws TraceFormatException {
    if (f.has("now") == f.has("advance")) {
      throw new TraceFormatException(line, "clock needs exactly one of 'now' and 'advance'");
    }
    if (f.has("now")) {
      return new TraceOp.Clock(line, instant(f, "now"), null);
    }
    Duration advance;
    try {
      advance = Duration.parse(f.string("advance"));
    } catch (DateTimeParseException e) {
      throw f.error("advance", "must be an ISO-8601 duration such as PT1H or P30D");
    }
    if (advance.isNegative()) {
      throw f.error("advance", "must not be negative");
    }
    return new TraceOp.Clock(line, null, advance);
  }

  /**
   * The replay clock's time after {@code moved}, which the parser follows so that an advance past
   * the last instant Java can represent is a malformed line rather than a failure halfway through.
   */
  private static Instant clockAfter(Instant now, TraceOp.Clock moved, JsonFields f)
      throws TraceFormatException {
    if (moved.now() != null) {
      return moved.now();
    }
    try {
      return now.plus(moved.advance());
    } catch (DateTimeException | ArithmeticException e) {
      throw f.error("advance", "moves the clock past the last instant (" + Instant.MAX + ")");
    }
  }

  private static TraceOp check(JsonFields f, int line) throws TraceFormatException {
    String image = f.string("image");
    String imageRef = f.string("imageRef");
    List<SecretCredential> secrets =
        f.has("secrets") ? TraceCredentials.secrets(f, "secrets") : List.of();
    ServiceAccountCoordinates account =
        f.has("serviceAccount") ? TraceCredentials.serviceAccount(f, "serviceAccount") : null;
    Boolean expectPull = null;
    if (f.has("expect")) {
      String expect = f.string("expect");
      if (!expect.equals("use") && !expect.equals("pull")) {
        throw f.error("expect", "must be \"use\" or \"pull\"");
      }
      expectPull = expect.equals("pull");
    }
    DecisionReason reason = null;
    if (f.has("reason")) {
      reason = reason(f);
      if (expectPull != null && expectPull != reason.mustAttemptPull()) {
        throw f.error(
            "reason",
            reason
                + " means "
                + (reason.mustAttemptPull() ? "pull" : "use")
                + ", but 'expect' says "
                + (expectPull ? "pull" : "use"));
      }
    }
    return new TraceOp.Check(line, image, imageRef, secrets, account, expectPull, reason);
  }

  private static DecisionReason reason(JsonFields f) throws TraceFormatException {
    String name = f.string("reason");
    for (DecisionReason reason : DecisionReason.values()) {
      if (reason.name().equals(name)) {
        return reason;
      }
    }
    throw f.error("reason", "must be a DecisionReason name such as SECRET_HASH_MATCH");
  }

  private static TraceOp restart(JsonFields f, int line) throws TraceFormatException {
    List<RuntimeImage> images = new ArrayList<>();
    if (f.has("runtimeImages")) {
      List<JsonNode> elements = f.array("runtimeImages");
      for (int i = 0; i < elements.size(); i++) {
        JsonFields image = f.element("runtimeImages", i, elements.get(i));
        images.add(
            new RuntimeImage(
                image.string("id"),
                image.stringArray("repoTags"),
                image.stringArray("repoDigests")));
        image.finish();
      }
    }
    return new TraceOp.Restart(line, images);
  }

  private static TraceOp expectRecord(JsonFields f, int line) throws TraceFormatException {
    String imageRef = f.string("imageRef");
    boolean exists = f.bool("exists");
    Set<String> names = null;
    if (f.has("imageNames")) {
      if (!exists) {
        throw f.error("imageNames", "makes no sense with \"exists\": false");
      }
      names = Set.copyOf(f.stringArray("imageNames"));
    }
    return new TraceOp.ExpectRecord(line, imageRef, exists, names);
  }

  private static Instant instant(JsonFields f, String name) throws TraceFormatException {
    try {
      return OffsetDateTime.parse(f.string(name), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw f.error(name, "must be an RFC 3339 instant such as 2026-01-01T00:00:00Z");
    }
  }
}
