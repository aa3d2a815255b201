package dev.pullgate.bench.harness;

import java.lang.reflect.Method;

/**
 * How long this JVM has spent loading, linking and initialising classes, static initialisers
 * included (where lmdbjava loads its native library), as HotSpot counts it: read through HotSpot's
 * internal management bean, which a JVM started with {@code --add-exports
 * java.management/sun.management=ALL-UNNAMED} lets code reach. Other JVMs answer -1.
 */
final class ClassLoadingTime {
  /** The JVM flags that make the time readable. */
  static final String[] JVM_FLAGS = {"--add-exports", "java.management/sun.management=ALL-UNNAMED"};

  private static final Object BEAN;
  private static final Method MILLIS;

  static {
    Object bean = null;
    Method millis = null;
    try {
      Class<?> helper = Class.forName("sun.management.ManagementFactoryHelper");
      bean = helper.getMethod("getHotspotClassLoadingMBean").invoke(null);
      millis =
          Class.forName("sun.management.HotspotClassLoadingMBean").getMethod("getClassLoadingTime");
      millis.invoke(bean);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      bean = null;
      millis = null;
    }
    BEAN = bean;
    MILLIS = millis;
  }

  private ClassLoadingTime() {}

  /** The milliseconds spent on classes since the JVM started, or -1 when they cannot be read. */
  static long millis() {
    if (MILLIS == null) {
      return -1;
    }
    try {
      return (Long) MILLIS.invoke(BEAN);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }
}
