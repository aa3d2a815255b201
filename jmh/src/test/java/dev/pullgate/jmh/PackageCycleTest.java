package dev.pullgate.jmh;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The packages of this module depend on each other one way: a cycle fails the build. The harness
 * that JMH generates ({@code jmh_generated}) uses every benchmark and is left out.
 */
class PackageCycleTest {

  @Test
  void mainPackages_areFreeOfCycles() throws URISyntaxException {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(location -> !location.contains("/jmh_generated/"))
            .importPath(mainClasses());

    slices().matching("dev.pullgate.(**)..").should().beFreeOfCycles().check(classes);
  }

  /** The directory or jar holding this module's main classes, and nothing else. */
  private static Path mainClasses() throws URISyntaxException {
    return Path.of(
        DecisionBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
