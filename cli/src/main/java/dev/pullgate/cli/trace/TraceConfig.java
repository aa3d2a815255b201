package dev.pullgate.cli.trace;

import dev.pullgate.PullGateConfig;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.kubelet.json.StrictJsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a trace's {@code config} line into a {@link PullGateConfig}: {@code policy} (a kubelet
 * policy name), {@code allowlist} (an array of entries), {@code credentialMaxAge} (a duration),
 * {@code preloadedMode} ({@code inferred} or {@code observed}), {@code keyedHashes} (a boolean) and
 * {@code properties} (an object of {@code pullgate.*} strings), validated by the engine's own
 * configuration rules.
 *
 * <p>The store is chosen by {@code pullgate replay}, not by the trace, so {@value
 * PullGateConfig#STORE} and {@value PullGateConfig#STORE_PATH} are rejected rather than silently
 * ignored. So is {@value PullGateConfig#HASH_KEY}: a trace never names a key file, it asks for
 * {@code keyedHashes} and replay supplies a key. A setting given both as a field and as a property
 * is ambiguous and rejected too.
 */
final class TraceConfig {
  private static final String PREFIX = "pullgate.";
  private static final Set<String> STORE_CHOICE =
      Set.of(PullGateConfig.STORE, PullGateConfig.STORE_PATH);

  /** The config fields that stand for one property each, and their properties. */
  private static final Map<String, String> FIELD_PROPERTIES =
      Map.of(
          "policy", PullGateConfig.POLICY,
          "credentialMaxAge", PullGateConfig.CREDENTIAL_MAX_AGE,
          "preloadedMode", PullGateConfig.PRELOADED_MODE);

  /**
   * What a {@code config} line says.
   *
   * @param engine the engine configuration, without a hash key file
   * @param keyedHashes whether the store keeps credential hashes under a key that replay supplies
   */
  record Settings(PullGateConfig engine, boolean keyedHashes) {}

  private TraceConfig() {}

  /** The settings that the fields of a {@code config} line describe. */
  static Settings read(StrictJsonObject fields) throws JsonFormatException {
    Map<String, Optional<String>> fieldValues = new TreeMap<>();
    for (String field : FIELD_PROPERTIES.keySet()) {
      fieldValues.put(field, fields.optionalString(field));
    }
    Optional<List<String>> allowlist = fields.optionalStrings("allowlist");
    boolean keyedHashes = fields.has("keyedHashes") && fields.bool("keyedHashes");
    Properties properties = fields.has("properties") ? properties(fields) : new Properties();
    fields.requireNoOtherFields();
    Optional<String> policy = fieldValues.get("policy");
    if (policy.isPresent()) {
      try {
        VerificationPolicy.fromName(policy.get());
      } catch (IllegalArgumentException e) {
        throw fields.invalid("policy", "must be one of " + policyNames());
      }
    }
    for (Map.Entry<String, Optional<String>> field : fieldValues.entrySet()) {
      if (field.getValue().isEmpty()) {
        continue;
      }
      String property = FIELD_PROPERTIES.get(field.getKey());
      if (properties.containsKey(property)) {
        throw fields.invalid(field.getKey(), "is also set as property " + property);
      }
      properties.setProperty(property, field.getValue().get());
    }
    if (allowlist.isPresent() && properties.containsKey(PullGateConfig.ALLOWLIST)) {
      throw fields.invalid("allowlist", "is also set as property " + PullGateConfig.ALLOWLIST);
    }
    try {
      PullGateConfig config = PullGateConfig.fromProperties(properties);
      return new Settings(
          allowlist.isPresent() ? config.toBuilder().allowlist(allowlist.get()).build() : config,
          keyedHashes);
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
      if (key.equals(PullGateConfig.HASH_KEY)) {
        throw object.invalid(
            key, "names a key file, which a trace never does; write \"keyedHashes\": true instead");
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
