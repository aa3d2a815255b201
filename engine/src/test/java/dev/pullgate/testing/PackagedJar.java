package dev.pullgate.testing;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The jar that a module's build packaged, for the tests that run after the package phase
 * (Failsafe's {@code *IT}): the root pom passes its path as the system property {@value #PROPERTY}.
 */
public final class PackagedJar {
  /** The system property holding the packaged jar's path. */
  public static final String PROPERTY = "pullgate.packaged.jar";

  private PackagedJar() {}

  /**
   * {@return the packaged jar's path}
   *
   * @throws IllegalStateException when the property is unset or the jar does not exist
   */
  public static Path path() {
    String value = System.getProperty(PROPERTY);
    if (value == null || !Files.isRegularFile(Path.of(value))) {
      throw new IllegalStateException(
          PROPERTY + " must name the packaged jar (Failsafe sets it), was " + value);
    }
    return Path.of(value);
  }

  /**
   * {@return the module the JVM makes of the packaged jar on a module path}
   *
   * @throws java.lang.module.FindException when it cannot make one, as it would fail for a user
   */
  public static ModuleDescriptor module() {
    Set<ModuleReference> found = ModuleFinder.of(path()).findAll();
    if (found.size() != 1) {
      throw new IllegalStateException("expected one module in " + path() + ", found " + found);
    }
    return found.iterator().next().descriptor();
  }
}
