package dev.pullgate.cli;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Stand-ins for {@link StoreWalkMain} that end the way a walk over a damaged store can end, for
 * tests of {@link StoreWalk} and of the commands that report it: the real walk no longer crashes on
 * any damage the tests can make, since the checks before opening refuse it.
 */
final class FailingWalks {
  private FailingWalks() {}

  /** Crashes its JVM with SIGSEGV, as LMDB's native code does on a page it cannot read. */
  static final class Crash {
    private Crash() {}

    public static void main(String[] args) throws ReflectiveOperationException {
      Field field = Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      ((Unsafe) field.get(null)).putAddress(0, 0);
    }
  }

  /** Aborts its JVM (status 134, SIGABRT), as a failed assertion in native code does. */
  static final class Abort {
    private Abort() {}

    public static void main(String[] args) {
      Runtime.getRuntime().halt(134);
    }
  }

  /** Never ends, as a walk caught in a loop of damaged pages would. */
  static final class Hang {
    private Hang() {}

    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
