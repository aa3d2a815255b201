package dev.pullgate;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages depend on each other one way: a cycle between any two of them, the root
 * package {@code dev.pullgate} included, fails the build.
 *
 * <p>ArchUnit sees every dependency in the byte code's instructions and signatures; jdeps also sees
 * the constants that javac copies into the classes that use them (a {@code static final String} of
 * another package), which leave no instruction behind. Both must find no cycle.
 */
class PackageCycleTest {

  @Test
  void mainPackages_areFreeOfCycles() {
    // Every package is a slice of its own, as jdeps -verbose:package draws them.
    slices().matching("dev.(**)").should().beFreeOfCycles().check(EngineClasses.imported());
  }

  @Test
  void mainPackages_asJdepsSeesThem_areFreeOfCycles() {
    Map<String, Set<String>> arrows = jdepsArrows(EngineClasses.location());

    assertThat(arrows).containsKeys("dev.pullgate", "dev.pullgate.store.lmdb");
    assertThat(cycles(arrows)).as("package cycles (jdeps -verbose:package)").isEmpty();
  }

  /** Each engine package mapped to the other engine packages it depends on, as jdeps reports. */
  private static Map<String, Set<String>> jdepsArrows(Path classes) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "-verbose:package",
            "-filter:none",
            classes.toString());
    assertThat(exit).as("jdeps exit code; stderr: %s", err).isZero();
    Map<String, Set<String>> arrows = new TreeMap<>();
    for (String line : out.toString().split("\\R")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 3
          && fields[1].equals("->")
          && fields[0].startsWith("dev.pullgate")
          && fields[2].startsWith("dev.pullgate")
          && !fields[0].equals(fields[2])) {
        arrows.computeIfAbsent(fields[0], k -> new TreeSet<>()).add(fields[2]);
      }
    }
    return arrows;
  }

  /** Every cycle found by a depth-first walk, each written as "a -> b -> a". */
  private static List<String> cycles(Map<String, Set<String>> arrows) {
    List<String> cycles = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : arrows.keySet()) {
      walk(start, arrows, new ArrayList<>(), done, cycles);
    }
    return cycles;
  }

  private static void walk(
      String node,
      Map<String, Set<String>> arrows,
      List<String> path,
      Set<String> done,
      List<String> cycles) {
    int seen = path.indexOf(node);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(node);
      cycles.add(String.join(" -> ", cycle));
      return;
    }
    if (done.contains(node)) {
      return;
    }
    path.add(node);
    for (String next : arrows.getOrDefault(node, Set.of())) {
      walk(next, arrows, path, done, cycles);
    }
    path.remove(path.size() - 1);
    done.add(node);
  }
}
