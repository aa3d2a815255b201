package dev.pullgate;

import static dev.pullgate.store.TestRecords.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.SecretCredential;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over a cache over write-behind when writes fail: a call that returns has its record
 * durable, and one write that can never be stored does not stop the others.
 */
class StoreStackFailureTest {
  static final String IMAGE = "registry.example/team/app:v1";
  static final String OTHER_IMAGE = "registry.example/team/other:v1";
  static final String NAME = "registry.example/team/app";
  static final String REF = "sha256:" + "5".repeat(64);
  static final String OTHER_REF = "sha256:" + "6".repeat(64);
  static final SecretCredential A = secret("team-a", "regcred", 1);

  @TempDir Path dir;

  @Test
  void credentialsTheStoreCannotEncode_failOnlyTheirOwnWrite_laterWritesAreDurable() {
    PullGateConfig config = PullGateConfig.builder().storePath(dir.resolve("store")).build();
    SecretCredential unpaired = SecretCredential.of("uid-x", "team-x", "reg\uD800cred", A.hash());
    try (PullGate gate = PullGate.open(config)) {
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(A));
      assertThat(gate.mustAttemptImagePull(IMAGE, REF, PodCredentials.of(List.of(unpaired), null)))
          .isEqualTo(PullDecision.of(DecisionReason.SECRET_HASH_MATCH));
      gate.flush();

      assertThatThrownBy(
              () ->
                  gate.recordImagePulled(OTHER_IMAGE, OTHER_REF, PullCredentials.secret(unpaired)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(gate.pulledRecord(OTHER_REF)).isEmpty();
      gate.recordImagePulled(OTHER_IMAGE, OTHER_REF, PullCredentials.secret(A));
    }
    try (PullGate gate = PullGate.open(config)) {
      assertThat(gate.pulledRecord(REF).orElseThrow().credentialsFor(NAME).secrets())
          .containsExactly(A);
      assertThat(gate.pulledRecord(OTHER_REF)).isPresent();
    }
  }
}
