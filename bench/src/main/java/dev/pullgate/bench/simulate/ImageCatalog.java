package dev.pullgate.bench.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The images of a simulated day: private images, each owned by one team in the private registry,
 * and public images, some fully qualified and some short Docker Hub names. Each image string has
 * its own imageRef; a few private images are referenced by digest.
 */
final class ImageCatalog {
  /** The registry that hosts every private image. */
  static final String PRIVATE_REGISTRY = "registry.pullgate.test";

  /** Allowlist entries that cover exactly the public images of a catalog. */
  static final List<String> PUBLIC_ALLOWLIST =
      List.of("public.pullgate.test/*", "docker.io/library/*");

  private static final int DIGEST_REFERENCE_ONE_IN = 8;

  /**
   * One image of the catalog.
   *
   * @param index the image's position in the catalog
   * @param image the image string as pods write it
   * @param imageName the image's normalised name, without tag or digest
   * @param imageRef the runtime's identity of the image
   * @param team the owning team, or -1 for a public image
   * @param byDigest whether {@code image} is a digest reference rather than a tag
   */
  record CatalogImage(
      int index, String image, String imageName, String imageRef, int team, boolean byDigest) {
    boolean isPublic() {
      return team < 0;
    }
  }

  private final List<CatalogImage> all;
  private final List<List<CatalogImage>> byTeam;
  private final List<CatalogImage> publicImages;

  private ImageCatalog(
      List<CatalogImage> all, List<List<CatalogImage>> byTeam, List<CatalogImage> publicImages) {
    this.all = all;
    this.byTeam = byTeam;
    this.publicImages = publicImages;
  }

  /** The catalog that {@code scenario} describes, drawn from {@code random}. */
  static ImageCatalog generate(NodeDayScenario scenario, SplittableRandom random) {
    int privateCount = (int) Math.round(scenario.images() * scenario.privateShare());
    List<CatalogImage> all = new ArrayList<>(scenario.images());
    List<List<CatalogImage>> byTeam = new ArrayList<>(scenario.teams());
    for (int t = 0; t < scenario.teams(); t++) {
      byTeam.add(new ArrayList<>());
    }
    List<CatalogImage> publicImages = new ArrayList<>();
    for (int i = 0; i < scenario.images(); i++) {
      String imageRef = "sha256:" + hex64(random);
      CatalogImage image;
      if (i < privateCount) {
        int team = i % scenario.teams();
        String name = PRIVATE_REGISTRY + "/team-" + team + "/app-" + i;
        boolean byDigest = random.nextInt(DIGEST_REFERENCE_ONE_IN) == 0;
        String reference =
            byDigest ? name + "@sha256:" + hex64(random) : name + ":v" + (1 + random.nextInt(30));
        image = new CatalogImage(i, reference, name, imageRef, team, byDigest);
        byTeam.get(team).add(image);
      } else if (i % 2 == 0) {
        String name = "public.pullgate.test/lib/tool-" + i;
        image = new CatalogImage(i, name + ":1." + random.nextInt(10), name, imageRef, -1, false);
        publicImages.add(image);
      } else {
        // A short Docker Hub name: the engine must normalise it to docker.io/library/...
        String shortName = "base-" + i;
        image =
            new CatalogImage(
                i, shortName + ":latest", "docker.io/library/" + shortName, imageRef, -1, false);
        publicImages.add(image);
      }
      all.add(image);
    }
    return new ImageCatalog(List.copyOf(all), byTeam, List.copyOf(publicImages));
  }

  /** Every image, in catalog order. */
  List<CatalogImage> all() {
    return all;
  }

  /**
   * The image one container of a pod in {@code team} uses: private with probability {@code
   * privateShare} (another team's with probability {@code crossTeamShare}), else public; popular
   * images come up more often.
   */
  CatalogImage pick(int team, SplittableRandom random, double privateShare, double crossTeamShare) {
    if (publicImages.isEmpty() || random.nextDouble() < privateShare) {
      int owner = random.nextDouble() < crossTeamShare ? random.nextInt(byTeam.size()) : team;
      List<CatalogImage> owned = byTeam.get(owner);
      if (!owned.isEmpty()) {
        return skewed(owned, random);
      }
      if (publicImages.isEmpty()) {
        return skewed(all, random);
      }
    }
    return skewed(publicImages, random);
  }

  private static CatalogImage skewed(List<CatalogImage> images, SplittableRandom random) {
    double u = random.nextDouble();
    return images.get((int) (images.size() * u * u));
  }

  private static String hex64(SplittableRandom random) {
    StringBuilder hex = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      hex.append(String.format(Locale.ROOT, "%016x", random.nextLong()));
    }
    return hex.toString();
  }
}
