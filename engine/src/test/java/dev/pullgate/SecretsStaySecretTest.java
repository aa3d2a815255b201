package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No raw credential reaches a {@code toString()}, and no engine class reads the environment. The
 * canary suites ({@link CanaryCredentialTest}, and the CLI's {@code CanaryCommandsTest}) follow a
 * credential through every call, error path, log record and file.
 */
class SecretsStaySecretTest {
  private static final String USER = "robot-user-7731";
  private static final String PASSWORD = "pa55-w0rd-very-secret";

  @Test
  void toString_ofEveryValueCarryingCredentials_hidesTheRawCredential() {
    RegistryAuth auth = new RegistryAuth(USER, PASSWORD, "robot@example.com");
    SecretCredential secret =
        SecretCredential.of("uid-1", "ns", "regcred", CredentialHash.of(auth));
    PulledRecord record =
        new PulledRecord(
            "sha256:abc",
            Instant.EPOCH,
            Map.of(
                "registry.example/app",
                CredentialSet.of(
                    List.of(CredentialSet.Secret.of(secret, Instant.EPOCH)), List.of())));
    List<Object> values =
        List.of(
            auth,
            secret,
            secret.hash(),
            PullCredentials.secret(secret),
            PodCredentials.of(List.of(secret), null),
            record,
            record.credentialMapping().values().iterator().next(),
            record.credentialMapping().values().iterator().next().secrets().get(0));
    for (Object value : values) {
      assertThat(value.toString())
          .as(value.getClass().getSimpleName())
          .doesNotContain(USER)
          .doesNotContain(PASSWORD)
          .doesNotContain(secret.hash().hex());
    }
  }

  @Test
  void engineSources_neverReadSystemPropertiesOrEnvironment() throws IOException {
    Path sources = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      List<Path> offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(SecretsStaySecretTest::readsEnvironment)
              .toList();
      assertThat(offenders).isEmpty();
    }
    assertThat(sources.resolve("dev/pullgate/PullGate.java")).exists();
  }

  private static boolean readsEnvironment(Path file) {
    try {
      String text = Files.readString(file);
      return Stream.of(
              "System.getProperty",
              "System.getenv",
              "System.getProperties",
              "Integer.getInteger",
              "Long.getLong",
              "Boolean.getBoolean")
          .anyMatch(text::contains);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
