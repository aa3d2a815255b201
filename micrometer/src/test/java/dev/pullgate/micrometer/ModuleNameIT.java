package dev.pullgate.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.testing.PackagedJar;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar is the automatic module {@code dev.pullgate.micrometer}, whatever the jar's file
 * is called.
 */
class ModuleNameIT {

  @Test
  void packagedJar_isAnAutomaticModuleNamedInItsManifest() {
    ModuleDescriptor module = PackagedJar.module();

    assertThat(module.isAutomatic()).isTrue();
    assertThat(module.name()).isEqualTo("dev.pullgate.micrometer");
  }
}
