package dev.pullgate.kubelet;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The packages of this module depend on each other one way: a cycle fails the build. */
class PackageCycleTest {

  @Test
  void mainPackages_areFreeOfCycles() throws URISyntaxException {
    JavaClasses classes = new ClassFileImporter().importPath(mainClasses());

    slices().matching("dev.pullgate.(**)..").should().beFreeOfCycles().check(classes);
  }

  /** The directory or jar holding this module's main classes, and nothing else. */
  private static Path mainClasses() throws URISyntaxException {
    return Path.of(KubeletImport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
