package dev.pullgate.cli.trace;

import dev.pullgate.DecisionReason;
import dev.pullgate.PullGateConfig;
import dev.pullgate.RuntimeImage;
import dev.pullgate.credential.SecretCoordinates;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.kubelet.json.Rfc3339;
import dev.pullgate.kubelet.json.StrictJson;
import dev.pullgate.kubelet.json.StrictJsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a whole trace, strictly, before anything runs: JSON Lines, blank lines and lines starting
 * with {@code #} or {@code //} ignored, every op and field checked by the one {@link StrictJson}
 * reader. The first problem stops parsing with a {@link TraceFormatException} naming its line and
 * field; the names of fields found inside credentials are never shown.
 */
public final class TraceParser {
  /** Every field that holds credentials or lies on the way to them. */
  private static final StrictJson JSON =
      new StrictJson(
          StrictJson.Missing.IS_AN_ERROR,
          Set.of("credentials", "secrets", "secret", "serviceAccount", "auth"));

  private TraceParser() {}

  /** The trace these lines (without line terminators, the first being line 1) hold. */
  public static Trace parse(List<String> lines) throws TraceFormatException {
    TraceConfig.Settings config = null;
    List<TraceOp> ops = new ArrayList<>();
    Instant clock = TraceClock.START;
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#") || text.startsWith("//")) {
        continue;
      }
      try {
        StrictJsonObject fields = JSON.parseLine(text);
        String op = fields.string("op");
        if (op.equals("config")) {
          if (config != null) {
            throw new JsonFormatException("a trace has at most one config op");
          }
          if (!ops.isEmpty()) {
            throw new JsonFormatException("config must come before every other op");
          }
          config = TraceConfig.read(fields);
        } else {
          TraceOp parsed = op(op, fields, line);
          fields.requireNoOtherFields();
          if (parsed instanceof TraceOp.Clock moved) {
            clock = clockAfter(clock, moved, fields);
          }
          ops.add(parsed);
        }
      } catch (JsonFormatException e) {
        throw new TraceFormatException(line, e.getMessage());
      }
    }
    return config == null
        ? new Trace(PullGateConfig.defaults(), false, ops)
        : new Trace(config.engine(), config.keyedHashes(), ops);
  }

  private static TraceOp op(String op, StrictJsonObject f, int line) throws JsonFormatException {
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
              new LinkedHashSet<>(f.strings("keep")),
              f.has("until") ? instant(f, "until") : null);
      case "restart" ->
          new TraceOp.Restart(
              line, f.has("runtimeImages") ? runtimeImages(f) : List.<RuntimeImage>of());
      case "preloaded" -> new TraceOp.Preloaded(line, runtimeImages(f));
      case "forget" -> forget(f, line);
      case "expectRecord" -> expectRecord(f, line);
      case "expectIntent" -> new TraceOp.ExpectIntent(line, f.string("image"), f.bool("exists"));
      default ->
          throw f.invalid(
              "op",
              "names no op"
                  + (isPlainOpName(op) ? " ('" + op + "')" : "")
                  + "; ops are config, clock, intent, pulled, failed, check, prune, restart,"
                  + " preloaded, forget, expectRecord, expectIntent");
    };
  }

  /** Whether {@code op} is 1 to 40 ASCII letters, plain enough to repeat in a message. */
  private static boolean isPlainOpName(String op) {
    if (op.isEmpty() || op.length() > 40) {
      return false;
    }
    for (int i = 0; i < op.length(); i++) {
      char c = op.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  private static TraceOp clock(StrictJsonObject f, int line) throws JsonFormatException {
    if (f.has("now") == f.has("advance")) {
      throw new JsonFormatException("clock needs exactly one of 'now' and 'advance'");
    }
    if (f.has("now")) {
      return new TraceOp.Clock(line, instant(f, "now"), null);
    }
    Duration advance;
    try {
      advance = Duration.parse(f.string("advance"));
    } catch (DateTimeParseException e) {
      throw f.invalid("advance", "must be an ISO-8601 duration such as PT1H or P30D");
    }
    if (advance.isNegative()) {
      throw f.invalid("advance", "must not be negative");
    }
    return new TraceOp.Clock(line, null, advance);
  }

  /**
   * The replay clock's time after {@code moved}, which the parser follows so that an advance past
   * the last instant Java can represent is a malformed line rather than a failure halfway through.
   */
  private static Instant clockAfter(Instant now, TraceOp.Clock moved, StrictJsonObject f)
      throws JsonFormatException {
    if (moved.now() != null) {
      return moved.now();
    }
    try {
      return now.plus(moved.advance());
    } catch (DateTimeException | ArithmeticException e) {
      throw f.invalid("advance", "moves the clock past the last instant (" + Instant.MAX + ")");
    }
  }

  private static TraceOp check(StrictJsonObject f, int line) throws JsonFormatException {
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
        throw f.invalid("expect", "must be \"use\" or \"pull\"");
      }
      expectPull = expect.equals("pull");
    }
    DecisionReason reason = null;
    if (f.has("reason")) {
      reason = reason(f);
      if (expectPull != null && expectPull != reason.mustAttemptPull()) {
        throw f.invalid(
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

  private static DecisionReason reason(StrictJsonObject f) throws JsonFormatException {
    String name = f.string("reason");
    for (DecisionReason reason : DecisionReason.values()) {
      if (reason.name().equals(name)) {
        return reason;
      }
    }
    throw f.invalid("reason", "must be a DecisionReason name such as SECRET_HASH_MATCH");
  }

  private static List<RuntimeImage> runtimeImages(StrictJsonObject f) throws JsonFormatException {
    List<RuntimeImage> images = new ArrayList<>();
    for (StrictJsonObject image : f.objects("runtimeImages")) {
      images.add(
          new RuntimeImage(
              image.string("id"), image.strings("repoTags"), image.strings("repoDigests")));
      image.requireNoOtherFields();
    }
    return images;
  }

  private static TraceOp forget(StrictJsonObject f, int line) throws JsonFormatException {
    List<TraceOp.Forgotten> named = new ArrayList<>(1);
    for (TraceOp.Forgotten candidate : TraceOp.Forgotten.values()) {
      if (f.has(candidate.field())) {
        named.add(candidate);
      }
    }
    if (named.size() != 1) {
      throw new JsonFormatException(
          "forget needs exactly one of 'secretUid', 'serviceAccountUid' and 'namespace'");
    }
    TraceOp.Forgotten what = named.get(0);
    String value = f.string(what.field());
    if (!isForgettable(what, value)) {
      throw f.invalid(
          what.field(),
          what == TraceOp.Forgotten.NAMESPACE
              ? "must be a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting"
                  + " and ending with a letter or digit"
              : "must be 1 to 128 printable ASCII characters without whitespace");
    }
    Integer expectRemoved = f.has("expectRemoved") ? f.count("expectRemoved") : null;
    return new TraceOp.Forget(line, what, value, expectRemoved);
  }

  /** Whether {@code value} has the Kubernetes form of what {@code what} names, and is not empty. */
  private static boolean isForgettable(TraceOp.Forgotten what, String value) {
    if (value.isEmpty()) {
      return false;
    }
    try {
      switch (what) {
        case SECRET -> new SecretCoordinates(value, "", "");
        case SERVICE_ACCOUNT -> new ServiceAccountCoordinates(value, "", "");
        case NAMESPACE -> new SecretCoordinates("", value, "");
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static TraceOp expectRecord(StrictJsonObject f, int line) throws JsonFormatException {
    String imageRef = f.string("imageRef");
    boolean exists = f.bool("exists");
    return new TraceOp.ExpectRecord(
        line, imageRef, exists, names(f, "imageNames", exists), names(f, "preloadedNames", exists));
  }

  /** The set of names in the optional field {@code name} of an {@code expectRecord}, or null. */
  private static Set<String> names(StrictJsonObject f, String name, boolean exists)
      throws JsonFormatException {
    if (!f.has(name)) {
      return null;
    }
    if (!exists) {
      throw f.invalid(name, "makes no sense with \"exists\": false");
    }
    return Set.copyOf(f.strings(name));
  }

  private static Instant instant(StrictJsonObject f, String name) throws JsonFormatException {
    return Rfc3339.parse(f.string(name))
        .orElseThrow(
            () -> f.invalid(name, "must be an RFC 3339 instant such as " + Rfc3339.EXAMPLE));
  }
}
