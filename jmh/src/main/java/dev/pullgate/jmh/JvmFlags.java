package dev.pullgate.jmh;

/**
 * The JVM flags every benchmark fork gets through {@code @Fork(jvmArgsAppend = …)}: lmdbjava
 * reaches into {@code java.nio} internals. The same as the root build's {@code lmdb.jvm.args}.
 */
final class JvmFlags {
  static final String ADD_OPENS = "--add-opens";
  static final String JAVA_NIO = "java.base/java.nio=ALL-UNNAMED";
  static final String SUN_NIO_CH = "java.base/sun.nio.ch=ALL-UNNAMED";

  private JvmFlags() {}
}
