package dev.pullgate.jmh.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.image.ImageName;
import dev.pullgate.record.PulledRecord;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private final Workload workload = Workload.of(4096, 100);

  @Test
  void imageName_ofEveryRecordAndPreloadedImage_isWhatTheEngineParsesFromItsImage() {
    for (int r = 0; r < workload.records(); r++) {
      assertThat(ImageName.parse(workload.image(r)).name()).isEqualTo(workload.imageName(r));
    }
    for (int i = 0; i < workload.preloadedImages(); i++) {
      assertThat(ImageName.parse(workload.preloadedImage(i)).name())
          .isEqualTo(workload.preloadedImageName(i));
    }
  }

  @Test
  void imageRefs_areValidDistinctAndNeverPreloaded() {
    Set<String> seen = new HashSet<>();
    for (int r = 0; r < workload.records(); r++) {
      assertThat(PulledRecord.isValidImageRef(workload.imageRef(r))).isTrue();
      assertThat(seen.add(workload.imageRef(r))).isTrue();
    }
    for (int i = 0; i < workload.preloadedImages(); i++) {
      assertThat(seen.add(workload.preloadedImageRef(i))).isTrue();
    }
  }

  @Test
  void secretsOfARecord_comeFromDistinctNamespaces_andIncludeTheMatchingOne() {
    for (int r = 0; r < 50; r++) {
      int record = r;
      Set<Integer> namespaces = new HashSet<>();
      IntStream.range(0, workload.secretsPerImage())
          .forEach(j -> namespaces.add(workload.secretNamespace(record, j)));
      assertThat(namespaces).hasSize(workload.secretsPerImage());
      assertThat(namespaces).contains(workload.matchingNamespace(r));
    }
  }

  @Test
  void rotatedSecret_keepsTheCoordinates_andChangesTheHash() {
    for (int k = 0; k < workload.namespaces(); k++) {
      assertThat(workload.rotatedSecret(k).coordinates())
          .isEqualTo(workload.secret(k).coordinates());
      assertThat(workload.rotatedSecret(k).hash()).isNotEqualTo(workload.secret(k).hash());
    }
  }

  @Test
  void sameShape_generatesTheSameNode() {
    Workload again = Workload.of(4096, 100);
    assertThat(again.shape()).isEqualTo(workload.shape());
    assertThat(again.imageRef(77)).isEqualTo(workload.imageRef(77));
    assertThat(again.secret(5).hash()).isEqualTo(workload.secret(5).hash());
  }

  @Test
  void probesOfTwoThreads_visitDisjointRecords_ofTheScenario() {
    for (Scenario scenario : Scenario.values()) {
      Set<Integer> first = records(scenario.probes(workload, 0, 2));
      Set<Integer> second = records(scenario.probes(workload, 1, 2));
      if (scenario == Scenario.HOT_SECRET_HASH_MATCH) {
        assertThat(first).as("every thread's one hot record").hasSize(1).isEqualTo(second);
        continue;
      }
      assertThat(first).doesNotContainAnyElementsOf(second);
      if (scenario != Scenario.PRELOADED) {
        boolean nodeAccessible = scenario == Scenario.NODE_ACCESSIBLE;
        assertThat(first).allMatch(r -> workload.isNodeAccessible(r) == nodeAccessible);
      }
    }
  }

  @Test
  void rotatedSecretProbes_alternateBetweenTheRotatedAndTheStoredHash() {
    Probes probes = Scenario.SECRET_COORDINATES_MATCH.probes(workload, 0, 1);
    Probe first = probes.next();
    for (int i = 1; i < probes.distinct(); i++) {
      probes.next();
    }
    Probe again = probes.next();
    int k = workload.matchingNamespace(first.record());
    assertThat(again.record()).isEqualTo(first.record());
    assertThat(first.pod().secrets()).containsExactly(workload.rotatedSecret(k));
    assertThat(again.pod().secrets()).containsExactly(workload.secret(k));
  }

  private static Set<Integer> records(Probes probes) {
    Set<Integer> records = new HashSet<>();
    for (int i = 0; i < probes.distinct(); i++) {
      records.add(probes.next().record());
    }
    return records;
  }
}
