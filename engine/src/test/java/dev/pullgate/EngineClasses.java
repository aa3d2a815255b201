package dev.pullgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The engine's main classes, imported by ArchUnit once per test JVM and shared by the tests of the
 * engine's shape, since an import takes seconds.
 */
final class EngineClasses {
  private static JavaClasses imported;

  private EngineClasses() {}

  /** The directory or jar holding the engine's main classes, and nothing else. */
  static Path location() {
    try {
      return Path.of(PullGate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every class of {@link #location()}. */
  static synchronized JavaClasses imported() {
    if (imported == null) {
      imported = new ClassFileImporter().importPath(location());
    }
    return imported;
  }
}
