package kz.smsguard.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import kz.smsguard.core.SmsGuardNative;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the app pays once per process: each fork is a fresh JVM, and the single measured call
 * is the first touch of SmsGuardNative, as after Android starts the app for a broadcast.
 * {@code load}: System.loadLibrary alone. {@code loadAndOpen}: that plus opening the guard with
 * the built-in rules on an empty state directory (rule pack parsed, detector compiled).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class LoadOpenBenchmark {
    private Path stateDir;

    @Setup
    public void makeDir() throws IOException {
        stateDir = Files.createTempDirectory("smsguard-bench");
    }

    @TearDown
    public void deleteDir() throws IOException {
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Benchmark
    public Class<?> load() throws ClassNotFoundException {
        return Class.forName("kz.smsguard.core.SmsGuardNative");
    }

    @Benchmark
    public void loadAndOpen() {
        SmsGuardNative.INSTANCE.open(stateDir.toString(), null);
    }
}
