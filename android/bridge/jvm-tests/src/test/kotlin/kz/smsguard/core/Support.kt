package kz.smsguard.core

import com.google.gson.JsonArray
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.nio.file.Files
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit

/** Test-only exports of the library (cargo feature `test-hooks`; see `android/bridge/src/test_hooks.rs`). */
internal object BridgeTestHooks {
    init {
        System.loadLibrary("smsguard")
    }

    /** Panics inside the export wrapper. */
    external fun panic()

    /** Same arguments and conversions as [SmsGuardNative.onSms], no core call. */
    external fun noopSms(sender: String?, body: String?, sentMs: Long, timestampMs: Long): String
}

/** The story every test tells: a stranger calls, and the eGov code arrives while they talk. */
internal object Story {
    const val T0 = 1_732_440_000_000L
    const val CALLER = "+77015550101"
    const val EGOV = "1414"
    const val EGOV_CODE = "482913"
    const val EGOV_SMS = "Код для входа в eGov: $EGOV_CODE. Никому не сообщайте этот код."

    /** An unknown incoming cellular call, ringing at [T0] and answered 5 s later. */
    fun strangerAnswered(at: Long = T0) {
        SmsGuardNative.onCall("start", CALLER, "incoming", "no", "cellular", at)
        SmsGuardNative.onCall("answered", CALLER, "incoming", "no", "cellular", at + 5_000)
    }
}

internal fun json(text: String): JsonObject = JsonParser.parseString(text).asJsonObject

internal fun jsonArray(text: String): JsonArray = JsonParser.parseString(text).asJsonArray

internal fun JsonObject.level(): String = get("level").asString

/** Directories the tests made; removed with everything in them when the JVM exits. */
private val made = ConcurrentLinkedQueue<File>().also { dirs ->
    Runtime.getRuntime().addShutdownHook(Thread { dirs.forEach { it.deleteRecursively() } })
}

internal fun newStateDir(): File = Files.createTempDirectory("smsguard-state").toFile().also { made += it }

/**
 * A state directory in memory (tmpfs) where the machine has one: the same files, renames and
 * syncs as on disk, without waiting for the disk. For tests about threads, not about storage.
 */
internal fun newMemoryStateDir(): File {
    val shm = File("/dev/shm")
    if (!shm.isDirectory || !shm.canWrite()) return newStateDir()
    return Files.createTempDirectory(shm.toPath(), "smsguard-state").toFile().also { made += it }
}

internal val repoRoot: File = File(System.getProperty("smsguard.repo.root") ?: "../../..").canonicalFile

/** A second JVM running [ChildMain] on the same library and classpath as this one. */
internal class ChildJvm(vararg args: String, env: Map<String, String> = emptyMap()) {
    /** Everything the child (and so the library's logger) wrote to stderr. */
    val stderr: File = File.createTempFile("smsguard-child", ".log").apply { deleteOnExit() }

    val process: Process = ProcessBuilder(
        listOf(
            File(System.getProperty("java.home"), "bin/java").path,
            "-Djava.library.path=" + System.getProperty("java.library.path"),
            "-cp", System.getProperty("java.class.path"),
            ChildMain::class.java.name,
        ) + args,
    ).redirectError(stderr).apply { environment().putAll(env) }.start()

    private val stdout = process.inputStream.bufferedReader(Charsets.UTF_8)

    /** The next line the child prints; fails the test if the child dies or stays silent. */
    fun readLine(timeoutSeconds: Long = 60): String {
        val line = CompletableFuture.supplyAsync { stdout.readLine() }.get(timeoutSeconds, TimeUnit.SECONDS)
        return checkNotNull(line) { "child JVM exited early; its stderr:\n" + stderr.readText() }
    }

    fun waitFor(timeoutSeconds: Long = 300): Int {
        check(process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) { "child JVM did not finish" }
        return process.exitValue()
    }
}
