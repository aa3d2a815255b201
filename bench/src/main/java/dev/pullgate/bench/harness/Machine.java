package dev.pullgate.bench.harness;

/**
 * The machine a benchmark ran on, as the JVM sees it.
 *
 * @param processors how many processors the JVM may use
 * @param java the Java runtime's name and version
 * @param os the operating system's name, version and architecture
 * @param maxHeapBytes the JVM's largest heap
 */
public record Machine(int processors, String java, String os, long maxHeapBytes) {

  /** The machine this JVM runs on. */
  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        Runtime.getRuntime().maxMemory());
  }
}
