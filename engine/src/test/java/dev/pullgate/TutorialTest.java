package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PodCredentials;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a node agent links the engine in, as the README's {@code QuickStart} does: open, record a
 * pull, decide, close, here with assertions. Read it as documentation; it runs as a test so that it
 * stays true ({@link ReadmeExampleTest} runs the README's class itself).
 */
class TutorialTest {
  @TempDir Path stateDir;

  @Test
  void tutorial_agentRecordsAPullThenDecidesForTwoPods() {
    Properties properties = new Properties();
    properties.setProperty("pullgate.store.path", stateDir.resolve("pullgate").toString());
    properties.setProperty("pullgate.policy", "NeverVerifyPreloadedImages");

    try (PullGate gate = PullGate.open(PullGateConfig.fromProperties(properties))) {
      // The agent hashes the pod's pull secret; the raw credential goes no further.
      SecretCredential regcred =
          SecretCredential.of(
              "7d3f0c4e-8a51-4c39-9a0e-2f1b6c0d9e11",
              "team-a",
              "regcred",
              CredentialHash.of(new RegistryAuth("robot", "s3cret", "")));
      String image = "registry.example/team/app:v1";
      String imageRef = "sha256:" + "1".repeat(64);

      // Before a pull: an intent. After it: what pulled the image.
      gate.recordPullIntent(image);
      gate.recordImagePulled(image, imageRef, PullCredentials.secret(regcred));

      // A pod of team-a may use the image; a pod without its credentials must pull.
      PullDecision teamA =
          gate.mustAttemptImagePull(image, imageRef, PodCredentials.of(List.of(regcred), null));
      PullDecision stranger = gate.mustAttemptImagePull(image, imageRef, PodCredentials.none());

      assertThat(teamA.mustAttemptPull()).isFalse();
      assertThat(teamA.reason()).isEqualTo(DecisionReason.SECRET_HASH_MATCH);
      assertThat(stranger.mustAttemptPull()).isTrue();
      assertThat(stranger.reason()).isEqualTo(DecisionReason.NO_MATCHING_CREDENTIALS);
    }
  }
}
