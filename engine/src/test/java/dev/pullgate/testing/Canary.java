package dev.pullgate.testing;

import dev.pullgate.credential.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The canary credential of the secret-hygiene suites: a registry username, password, identity token
 * and registry token distinctive enough that finding one of them (or a form of one) anywhere but in
 * the input is a leak. {@link #forms()} lists every form a leak could take; {@link CanaryScan}
 * searches text, throwables and files for them.
 */
public final class Canary {
  /** The username. */
  public static final String USERNAME = "cnry-user-q7wXk2";

  /** The password. */
  public static final String PASSWORD = "cnry-pass-Z4vK9pLm";

  /** An identity token, as a docker config's {@code identitytoken} holds one. */
  public static final String IDENTITY_TOKEN = "cnry-idtok-M8sJd5Ru";

  /** A registry token, as a docker config's {@code registrytoken} holds one. */
  public static final String REGISTRY_TOKEN = "cnry-regtok-T3nBf6Yc";

  /** {@code username:password}, what a docker config's {@code auth} field encodes. */
  public static final String USER_PASSWORD = USERNAME + ":" + PASSWORD;

  /** The docker config {@code auth} field of the canary: the base64 of {@link #USER_PASSWORD}. */
  public static final String AUTH_FIELD =
      Base64.getEncoder().encodeToString(USER_PASSWORD.getBytes(StandardCharsets.UTF_8));

  /** The email that goes with the canary; an address, not a secret, so not one of the forms. */
  public static final String EMAIL = "robot@canary.example";

  private static final Map<String, String> TEXT_FORMS = textForms();
  private static final Map<String, byte[]> BINARY_FORMS = binaryForms();

  private Canary() {}

  /** The canary as a registry entry. */
  public static RegistryAuth auth() {
    return new RegistryAuth(USERNAME, PASSWORD, EMAIL);
  }

  /** {@code user:password@} in front of {@code rest}: a reference with the canary as userinfo. */
  public static String withUserinfo(String rest) {
    return USER_PASSWORD + "@" + rest;
  }

  /**
   * Every text form of the canary, by a name that says which it is: each secret (username,
   * password, {@code user:password}, identity token, registry token) as is, in standard and
   * URL-safe base64 (the whole groups of three bytes, so that the form is found inside a longer
   * encoding too), and as the hex of its plain SHA-256, lowercase and uppercase.
   */
  public static Map<String, String> forms() {
    return TEXT_FORMS;
  }

  /** The name of the first form of the canary in {@code text}, or empty. */
  public static Optional<String> formIn(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> form : TEXT_FORMS.entrySet()) {
      if (text.contains(form.getValue())) {
        return Optional.of(form.getKey());
      }
    }
    return Optional.empty();
  }

  /** The name of the first form of the canary in {@code bytes}, its raw SHA-256s included. */
  public static Optional<String> formIn(byte[] bytes) {
    for (Map.Entry<String, byte[]> form : BINARY_FORMS.entrySet()) {
      if (indexOf(bytes, form.getValue()) >= 0) {
        return Optional.of(form.getKey());
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> secrets() {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("username", USERNAME);
    secrets.put("password", PASSWORD);
    secrets.put("user:password", USER_PASSWORD);
    secrets.put("identity token", IDENTITY_TOKEN);
    secrets.put("registry token", REGISTRY_TOKEN);
    return secrets;
  }

  private static Map<String, String> textForms() {
    Map<String, String> forms = new LinkedHashMap<>();
    secrets()
        .forEach(
            (name, secret) -> {
              byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
              int whole = bytes.length / 3 * 3;
              byte[] groups = java.util.Arrays.copyOf(bytes, whole);
              String hex = HexFormat.of().formatHex(sha256(bytes));
              forms.put(name, secret);
              forms.put(name + " in base64", Base64.getEncoder().encodeToString(groups));
              forms.put(
                  name + " in URL-safe base64", Base64.getUrlEncoder().encodeToString(groups));
              forms.put(name + " as SHA-256 hex", hex);
              forms.put(name + " as SHA-256 HEX", hex.toUpperCase(java.util.Locale.ROOT));
            });
    return Map.copyOf(forms);
  }

  private static Map<String, byte[]> binaryForms() {
    Map<String, byte[]> forms = new LinkedHashMap<>();
    TEXT_FORMS.forEach((name, text) -> forms.put(name, text.getBytes(StandardCharsets.UTF_8)));
    secrets()
        .forEach(
            (name, secret) ->
                forms.put(
                    name + " as raw SHA-256", sha256(secret.getBytes(StandardCharsets.UTF_8))));
    return Map.copyOf(forms);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
