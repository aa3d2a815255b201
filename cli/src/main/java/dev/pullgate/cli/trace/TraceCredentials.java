package dev.pullgate.cli.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the credential shapes of a trace: SECRET (coordinates plus exactly one of {@code auth} and
 * {@code credentialHash}), SA (coordinates) and CREDS (what a successful pull used).
 *
 * <p>An {@code auth} is hashed the moment it is read, as the kubelet hashes it, and only the hash
 * is kept; error messages name fields, never their values.
 */
final class TraceCredentials {
  private static final String AUTH = "auth";
  private static final String HASH = "credentialHash";

  private TraceCredentials() {}

  /** The SECRET in field {@code name} of {@code fields}. */
  static SecretCredential secret(JsonFields fields, String name) throws TraceFormatException {
    return secret(fields.object(name));
  }

  /** The array of SECRET in field {@code name} of {@code fields}. */
  static List<SecretCredential> secrets(JsonFields fields, String name)
      throws TraceFormatException {
    List<JsonNode> elements = fields.array(name);
    List<SecretCredential> secrets = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      secrets.add(secret(fields.element(name, i, elements.get(i))));
    }
    return secrets;
  }

  /** The SA in field {@code name} of {@code fields}. */
  static ServiceAccountCoordinates serviceAccount(JsonFields fields, String name)
      throws TraceFormatException {
    JsonFields sa = fields.object(name);
    ServiceAccountCoordinates account =
        new ServiceAccountCoordinates(sa.string("uid"), sa.string("namespace"), sa.string("name"));
    sa.finish();
    return account;
  }

  /** The CREDS in field {@code name}: null when absent or null (unknown provenance). */
  static PullCredentials pullCredentials(JsonFields fields, String name)
      throws TraceFormatException {
    if (!fields.has(name) || fields.required(name).isNull()) {
      return null;
    }
    JsonFields creds = fields.object(name);
    int given =
        (creds.has("nodePodsAccessible") ? 1 : 0)
            + (creds.has("secret") ? 1 : 0)
            + (creds.has("serviceAccount") ? 1 : 0);
    if (given != 1) {
      throw creds.objectError(
          "must have exactly one of 'nodePodsAccessible', 'secret' and 'serviceAccount'");
    }
    PullCredentials credentials;
    if (creds.has("nodePodsAccessible")) {
      if (!creds.bool("nodePodsAccessible")) {
        throw creds.error("nodePodsAccessible", "must be true when present");
      }
      credentials = PullCredentials.nodePodsAccessible();
    } else if (creds.has("secret")) {
      credentials = PullCredentials.secret(secret(creds, "secret"));
    } else {
      credentials = PullCredentials.serviceAccount(serviceAccount(creds, "serviceAccount"));
    }
    creds.finish();
    return credentials;
  }

  private static SecretCredential secret(JsonFields secret) throws TraceFormatException {
    String uid = secret.string("uid");
    String namespace = secret.string("namespace");
    String name = secret.string("name");
    if (secret.has(AUTH) == secret.has(HASH)) {
      throw secret.objectError("must have exactly one of '" + AUTH + "' and '" + HASH + "'");
    }
    CredentialHash hash = secret.has(AUTH) ? hashOf(secret.secretObject(AUTH)) : parseHash(secret);
    secret.finish();
    return SecretCredential.of(uid, namespace, name, hash);
  }

  private static CredentialHash hashOf(JsonFields auth) throws TraceFormatException {
    String username = goString(auth.optionalString("username").orElse(""));
    String password = goString(auth.optionalString("password").orElse(""));
    String email = goString(auth.optionalString("email").orElse(""));
    auth.finish();
    return CredentialHash.of(new RegistryAuth(username, password, email));
  }

  private static CredentialHash parseHash(JsonFields secret) throws TraceFormatException {
    String hex = secret.string(HASH);
    if (hex.length() != 2 * CredentialHash.LENGTH) {
      throw secret.error(HASH, "must be " + 2 * CredentialHash.LENGTH + " lowercase hex digits");
    }
    try {
      return CredentialHash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw secret.error(HASH, "must be " + 2 * CredentialHash.LENGTH + " lowercase hex digits");
    }
  }

  /**
   * The string Go's JSON decoder would produce: an escaped lone surrogate ({@code "\ud800"})
   * becomes U+FFFD there, while Jackson keeps it, and the kubelet hashes what Go decoded.
   */
  static String goString(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (paired) {
        if (out != null) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
