package dev.pullgate.jmh;

import dev.pullgate.image.ImageName;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and normalising an image as pods write it, which a decision does once per distinct image
 * string (the engine caches the result).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      JvmFlags.ADD_OPENS,
      JvmFlags.JAVA_NIO,
      JvmFlags.ADD_OPENS,
      JvmFlags.SUN_NIO_CH
    })
@State(Scope.Benchmark)
public class ImageNameBenchmark {
  /** A short Docker Hub name, with a tag, fully qualified with a port, and by digest. */
  @Param({
    "nginx",
    "nginx:1.25",
    "registry.example:5000/team/app:v1.2.3",
    "registry.example/team/app@sha256:3c5a1d4f0e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"
  })
  public String image;

  @Benchmark
  public ImageName parse() {
    return ImageName.parse(image);
  }
}
