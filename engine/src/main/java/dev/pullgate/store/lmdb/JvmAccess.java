package dev.pullgate.store.lmdb;

import dev.pullgate.error.PullGateException;
import org.lmdbjava.Env;

/**
 * The check that this JVM lets lmdbjava reach into the JDK as it must ({@code --add-opens}), made
 * before anything touches lmdbjava, so that a missing flag is a clear error rather than lmdbjava's
 * {@code ExceptionInInitializerError}.
 */
final class JvmAccess {
  /** The flags, as a JVM's command line takes them. */
  static final String FLAGS =
      "--add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED";

  private JvmAccess() {}

  /**
   * Throws unless {@code java.nio} and {@code sun.nio.ch} are open to lmdbjava.
   *
   * @throws PullGateException naming both flags
   */
  static void requireLmdbAccess() {
    Module base = Object.class.getModule();
    Module lmdbjava = Env.class.getModule();
    if (!base.isOpen("java.nio", lmdbjava) || !base.isOpen("sun.nio.ch", lmdbjava)) {
      throw new PullGateException(
          "opening an LMDB store needs the JVM flags "
              + FLAGS
              + " (lmdbjava reaches into java.nio); add them to the command line, or to the"
              + " surefire argLine and exec plugin arguments, or as Add-Opens in an executable"
              + " jar's manifest");
    }
  }
}
