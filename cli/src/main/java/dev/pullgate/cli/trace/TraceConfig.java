package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.kubelet.json.StrictJsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads a trace's {@code config} line into a {@link PullGateConfig}: {@code policy} (a kubelet
 * policy name), {@code allowlist} (an array of entries) and {@code properties} (an object of {@code
 * pullgate.*} strings), validated by the engine's own configuration rules.
 *
 * <p>The store is chosen by {@code pullgate replay}, not by the trace, so {@value
 * PullGateConfig#STORE} and {@value PullGateConfig#STORE_PATH} are rejected rather than silently
 * ignored. A setting given both as a field and as a property is ambiguous and rejected too.
 */
final class TraceConfig {
  private static final String PREFIX = "pullgate.";
  private static final Set<String> STORE_CHOICE =
      Set.of(PullGateConfig.STORE, PullGateConfig.STORE_PATH);

  private TraceConfig() {}

  /** The configuration that the fields of a {@code config} line describe. */
  static PullGateConfig read(StrictJsonObject fields) throws JsonFormatException {
    Optional<String> policy = fields.optionalString("policy");
    Optional<List<String>> allowlist = fields.optionalStrings("allowlist");
    Properties properties = fields.has("properties") ? properties(fields) : new Properties();
    fields.requireNoOtherFields();
    if (policy.isPresent()) {
      if (properties.containsKey(PullGateConfig.POLICY)) {
        throw fields.invalid("policy", "is also set as property " + PullGateConfig.POLICY);
      }
      try {
        VerificationPolicy.fromName(policy.get());
      } catch (IllegalArgumentException e) {
        throw fields.invalid("policy", "must be one of " + policyNames());
      }
      properties.setProperty(PullGateConfig.POLICY, policy.get());
    }
    if (allowlist.isPresent() && properties.containsKey(PullGateConfig.ALLOWLIST)) {
      throw fields.invalid("allowlist", "is also set as property " + PullGateConfig.ALLOWLIST);
    }
    try {
      PullGateConfig config = PullGateConfig.fromProperties(properties);
      return allowlist.isPresent() ? config.toBuilder().allowlist(allowlist.get()).build() : config;
    } catch (IllegalArgumentException e) {
      List<String> values = new ArrayList<>(properties.stringPropertyNames().size() + 4);
      properties.stringPropertyNames().forEach(key -> values.add(properties.getProperty(key)));
      allowlist.ifPresent(values::addAll);
      throw new JsonFormatException(
          "invalid config: " + ConfigMessage.redact(String.valueOf(e.getMessage()), values));
    }
  }

  private static Properties properties(StrictJsonObject fields) throws JsonFormatException {
    StrictJsonObject object = fields.object("properties");
    Properties properties = new Properties();
    for (String key : object.fieldNames()) {
      if (!key.startsWith(PREFIX) || !PullGateConfig.KEYS.contains(key)) {
        throw object.invalid(
            (StrictJsonObject.isShowableName(key)
                    ? "has an unknown key '" + key + "'; it may"
                    : "may")
                + " hold only the keys "
                + PullGateConfig.KEYS);
      }
      if (STORE_CHOICE.contains(key)) {
        throw object.invalid(key, "is chosen by 'pullgate replay --store', not by the trace");
      }
      properties.setProperty(key, object.string(key));
    }
    object.requireNoOtherFields();
    return properties;
  }

  private static String policyNames() {
    StringBuilder names = new StringBuilder();
    for (VerificationPolicy policy : VerificationPolicy.values()) {
      names.append(names.length() == 0 ? "" : ", ").append(policy.kubeletName());
    }
    return names.toString();
  }
}
