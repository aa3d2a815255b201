package dev.pullgate.cli.trace;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.credential.ServiceAccountCoordinates;
import dev.pullgate.kubelet.json.JsonFormatException;
import dev.pullgate.kubelet.json.StrictJsonObject;
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

  /** The array of SECRET in field {@code name} of {@code fields}. */
  static List<SecretCredential> secrets(StrictJsonObject fields, String name)
      throws JsonFormatException {
    List<SecretCredential> secrets = new ArrayList<>();
    for (StrictJsonObject secret : fields.objects(name)) {
      secrets.add(secret(secret));
    }
    return secrets;
  }

  /** The SA in field {@code name} of {@code fields}. */
  static ServiceAccountCoordinates serviceAccount(StrictJsonObject fields, String name)
      throws JsonFormatException {
    StrictJsonObject sa = fields.object(name);
    String uid = sa.string("uid");
    String namespace = sa.string("namespace");
    String accountName = sa.string("name");
    sa.requireNoOtherFields();
    try {
      return new ServiceAccountCoordinates(uid, namespace, accountName);
    } catch (IllegalArgumentException e) {
      throw sa.invalid("has invalid coordinates: " + e.getMessage());
    }
  }

  /** The CREDS in field {@code name}: null when absent or null (unknown provenance). */
  static PullCredentials pullCredentials(StrictJsonObject fields, String name)
      throws JsonFormatException {
    StrictJsonObject creds = fields.nullableObject(name).orElse(null);
    if (creds == null) {
      return null;
    }
    int given =
        (creds.has("nodePodsAccessible") ? 1 : 0)
            + (creds.has("secret") ? 1 : 0)
            + (creds.has("serviceAccount") ? 1 : 0);
    if (given != 1) {
      throw creds.invalid(
          "must have exactly one of 'nodePodsAccessible', 'secret' and 'serviceAccount'");
    }
    PullCredentials credentials;
    if (creds.has("nodePodsAccessible")) {
      if (!creds.bool("nodePodsAccessible")) {
        throw creds.invalid("nodePodsAccessible", "must be true when present");
      }
      credentials = PullCredentials.nodePodsAccessible();
    } else if (creds.has("secret")) {
      credentials = PullCredentials.secret(secret(creds.object("secret")));
    } else {
      credentials = PullCredentials.serviceAccount(serviceAccount(creds, "serviceAccount"));
    }
    creds.requireNoOtherFields();
    return credentials;
  }

  private static SecretCredential secret(StrictJsonObject secret) throws JsonFormatException {
    String uid = secret.string("uid");
    String namespace = secret.string("namespace");
    String name = secret.string("name");
    if (secret.has(AUTH) == secret.has(HASH)) {
      throw secret.invalid("must have exactly one of '" + AUTH + "' and '" + HASH + "'");
    }
    CredentialHash hash = secret.has(AUTH) ? hashOf(secret.object(AUTH)) : parseHash(secret);
    secret.requireNoOtherFields();
    try {
      return SecretCredential.of(uid, namespace, name, hash);
    } catch (IllegalArgumentException e) {
      throw secret.invalid("has invalid coordinates: " + e.getMessage());
    }
  }

  private static CredentialHash hashOf(StrictJsonObject auth) throws JsonFormatException {
    String username = goString(auth.optionalString("username").orElse(""));
    String password = goString(auth.optionalString("password").orElse(""));
    String email = goString(auth.optionalString("email").orElse(""));
    auth.requireNoOtherFields();
    return CredentialHash.of(new RegistryAuth(username, password, email));
  }

  private static CredentialHash parseHash(StrictJsonObject secret) throws JsonFormatException {
    String hex = secret.string(HASH);
    if (hex.length() != 2 * CredentialHash.LENGTH) {
      throw secret.invalid(HASH, "must be " + 2 * CredentialHash.LENGTH + " lowercase hex digits");
    }
    try {
      return CredentialHash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw secret.invalid(HASH, "must be " + 2 * CredentialHash.LENGTH + " lowercase hex digits");
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
