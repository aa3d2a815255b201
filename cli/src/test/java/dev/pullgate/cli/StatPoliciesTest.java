package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code pullgate stat} says about the policies beyond the kubelet: records only observed as
 * preloaded and their names, the forgetting index, and whether credential hashes are keyed.
 */
class StatPoliciesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void stat_observedStore_countsRecordsOnlyObservedAsPreloaded_andTheirNames() throws Exception {
    OperatorStore.fillObserved(dir);

    CliRun text = CliRun.of("stat", "--store", dir.toString());
    JsonNode json = JSON.readTree(CliRun.of("stat", "--store", dir.toString(), "--json").out());

    assertThat(text.exitCode()).isZero();
    assertThat(text.outLines())
        .contains(
            "pulled records     2",
            "preloaded records  1 of them only observed on the node, never pulled; 2 preloaded"
                + " image names in all",
            "credential hashes  the kubelet's (no hash key)")
        .anySatisfy(line -> assertThat(line).matches("index entries +[1-9][0-9]*"));
    assertThat(json.get("preloadedRecords").asLong()).isEqualTo(1);
    assertThat(json.get("preloadedNames").asLong()).isEqualTo(2);
    assertThat(json.get("indexEntries").asLong()).isPositive();
    assertThat(json.get("hashKeyId").isNull()).isTrue();
  }

  @Test
  void stat_keyedStore_namesTheKeyById_neverTheKey() throws Exception {
    Path store = dir.resolve("store");
    OperatorStore.fill(store, dir.resolve("hash.key"));

    CliRun text = CliRun.of("stat", "--store", store.toString());
    JsonNode json = JSON.readTree(CliRun.of("stat", "--store", store.toString(), "--json").out());

    assertThat(text.exitCode()).isZero();
    assertThat(text.outLines())
        .contains(
            "preloaded records  0 of them only observed on the node, never pulled; 0"
                + " preloaded image names in all")
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "credential hashes  keyed \\(pullgate.credentials.hashKey; key id"
                            + " [0-9a-f]{32}\\)"));
    assertThat(json.get("hashKeyId").asText()).matches("[0-9a-f]{32}");
  }
}
