package kz.smsguard.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import kz.smsguard.core.BridgeTestHooks;
import kz.smsguard.core.SmsGuardNative;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One event from the JVM into the core and back, next to a native call that carries the same
 * strings through the same wrapper and conversions but skips the core (BridgeTestHooks.noopSms).
 * The difference is the engine's share.
 *
 * <p>{@code ordinary}: a personal SMS without a code, the most common broadcast; nothing is
 * written. {@code code}: a one-time code with no call around; the core appends it to its state
 * log and syncs before answering, so {@code state=disk} includes an fdatasync and
 * {@code state=tmpfs} shows the same work without the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoundTripBenchmark {
    static final String ORDINARY_SENDER = "+77017654321";
    static final String ORDINARY_BODY = "Привет! Завтра в 18:00 у бабушки, не забудь торт 🎂";
    static final String CODE_SENDER = "1414";
    static final String CODE_BODY = "Код для входа в eGov: 482913. Никому не сообщайте этот код.";

    @Param({"disk", "tmpfs"})
    public String state;

    private Path dir;
    /** Ten seconds of event time per call: a steady window of codes, as on a busy day. */
    private long ts = 1_732_440_000_000L;

    @Setup
    public void open() throws IOException {
        File shm = new File("/dev/shm");
        dir = state.equals("tmpfs") && shm.canWrite()
                ? Files.createTempDirectory(shm.toPath(), "smsguard-bench")
                : Files.createTempDirectory("smsguard-bench");
        SmsGuardNative.INSTANCE.open(dir.toString(), null);
    }

    @TearDown
    public void delete() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Benchmark
    public String noopOrdinary() {
        return BridgeTestHooks.INSTANCE.noopSms(ORDINARY_SENDER, ORDINARY_BODY, 0, ts += 10_000);
    }

    @Benchmark
    public String smsOrdinary() {
        return SmsGuardNative.INSTANCE.onSms(ORDINARY_SENDER, ORDINARY_BODY, 0, ts += 10_000);
    }

    @Benchmark
    public String noopCode() {
        return BridgeTestHooks.INSTANCE.noopSms(CODE_SENDER, CODE_BODY, 0, ts += 10_000);
    }

    @Benchmark
    public String smsCode() {
        return SmsGuardNative.INSTANCE.onSms(CODE_SENDER, CODE_BODY, 0, ts += 10_000);
    }
}
