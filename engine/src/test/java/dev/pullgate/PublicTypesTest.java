package dev.pullgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine's public top-level types are exactly those that docs/architecture.md lists with their
 * reason to be public, and there are at most 30 of them: a type made public without a reason, or a
 * listed type made package-private, fails the build until the table follows.
 */
class PublicTypesTest {
  private static final int MAX_PUBLIC_TYPES = 30;

  /** A row of the table: the fully qualified name in backticks, then the reason. */
  private static final Pattern ROW =
      Pattern.compile("^\\| `(dev\\.pullgate[\\w.]*)` \\| (.+) \\|$");

  @Test
  void publicTopLevelTypes_areTheDocumentedOnes() throws Exception {
    assertThat(publicTopLevelTypes()).isEqualTo(documentedTypes());
  }

  @Test
  void publicTopLevelTypes_areAtMostThirty() {
    assertThat(publicTopLevelTypes()).hasSizeLessThanOrEqualTo(MAX_PUBLIC_TYPES);
  }

  @Test
  void everyDocumentedType_hasAReason() throws IOException {
    for (String line : publicTypesSection().split("\\R")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        assertThat(row.group(2).strip()).as(row.group(1)).hasSizeGreaterThan(10);
      }
    }
  }

  private static Set<String> publicTopLevelTypes() {
    return EngineClasses.imported().stream()
        .filter(JavaClass::isTopLevelClass)
        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
        .map(JavaClass::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> documentedTypes() throws IOException {
    Set<String> types = new TreeSet<>();
    for (String line : publicTypesSection().split("\\R")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        assertThat(types.add(row.group(1))).as("listed twice: %s", row.group(1)).isTrue();
      }
    }
    assertThat(types).as("rows of the public types table").isNotEmpty();
    return types;
  }

  /** The "Public types" section of docs/architecture.md, up to the next heading. */
  private static String publicTypesSection() throws IOException {
    Path doc =
        Path.of(System.getProperty("basedir", ".")).resolve("../docs/architecture.md").normalize();
    String text = Files.readString(doc);
    int start = text.indexOf("\n### Public types\n");
    assertThat(start).as("the Public types heading in %s", doc).isNotNegative();
    int end = text.indexOf("\n#", start + 1);
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }
}
