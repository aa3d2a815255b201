package dev.pullgate.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.credential.SecretCredential;
import dev.pullgate.image.ImageName;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticCatalogTest {
  private final SyntheticCatalog catalog = new SyntheticCatalog(7, 2_000);

  @Test
  void everyImage_normalisesToTheNameItsRecordIsKeyedBy() {
    for (int i = 0; i < catalog.images(); i++) {
      assertThat(ImageName.parse(catalog.image(i)).name())
          .as("image %d: %s", i, catalog.image(i))
          .isEqualTo(catalog.imageName(i));
      assertThat(catalog.record(i).credentialMapping()).containsOnlyKeys(catalog.imageName(i));
    }
  }

  @Test
  void sameSeed_sameNode_otherSeed_otherImageRefs() {
    SyntheticCatalog again = new SyntheticCatalog(7, 2_000);
    SyntheticCatalog other = new SyntheticCatalog(8, 2_000);
    for (int i = 0; i < 100; i++) {
      assertThat(again.image(i)).isEqualTo(catalog.image(i));
      assertThat(again.record(i)).isEqualTo(catalog.record(i));
      assertThat(other.imageRef(i)).isNotEqualTo(catalog.imageRef(i));
    }
  }

  @Test
  void imageRefs_areDistinctValidDigests() {
    Set<String> refs = new HashSet<>();
    for (int i = 0; i < catalog.images(); i++) {
      assertThat(catalog.imageRef(i)).matches("sha256:[0-9a-f]{64}");
      refs.add(catalog.imageRef(i));
    }
    assertThat(refs).hasSize(catalog.images());
  }

  @Test
  void aQuarterOfTheImagesArePublic_andPrivateRecordsHoldTheirTeamsSecrets() {
    int publicImages = 0;
    for (int i = 0; i < catalog.images(); i++) {
      CredentialSet set = catalog.record(i).credentialsFor(catalog.imageName(i));
      if (catalog.isPublic(i)) {
        publicImages++;
        assertThat(catalog.team(i)).isEqualTo(-1);
        assertThat(set.isNodePodsAccessible()).isTrue();
      } else {
        int team = catalog.team(i);
        assertThat(set.secrets()).hasSize(SyntheticCatalog.NAMESPACES_PER_TEAM);
        for (CredentialSet.Secret secret : set.secrets()) {
          int namespace = Integer.parseInt(secret.coordinates().namespace().substring(3));
          assertThat(SyntheticCatalog.teamOf(namespace)).isEqualTo(team);
        }
      }
    }
    assertThat(publicImages).isBetween(400, 600);
  }

  @Test
  void aRotatedSecret_keepsItsCoordinates_andChangesItsHash() {
    SecretCredential first = catalog.secret(5, 0);
    SecretCredential rotated = catalog.secret(5, 1);

    assertThat(rotated.coordinates()).isEqualTo(first.coordinates());
    assertThat(rotated.hash()).isNotEqualTo(first.hash());
    assertThat(catalog.secret(6, 0).coordinates()).isNotEqualTo(first.coordinates());
  }

  @Test
  void theFirstPrivateImage_isGrantedToItsTeamsFirstNamespace() {
    int image = catalog.firstPrivateImage();
    SecretCredential secret =
        catalog.secret(SyntheticCatalog.namespaceOf(catalog.team(image), 0), 0);
    PulledRecord record = catalog.record(image);

    assertThat(catalog.isPublic(image)).isFalse();
    assertThat(record.credentialsFor(catalog.imageName(image)).secretWithHash(secret.hash()))
        .isNotNull();
  }
}
