package kz.smsguard.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test

/**
 * A bug in Rust is a RuntimeException for the app, not the end of its process. The panics happen
 * in a second JVM, so the panic hook's log lines (asserted here) stay out of the build's output.
 */
class PanicTest {
    @Test
    fun `a panic throws a plain RuntimeException, is logged by place only, and the library keeps working`() {
        val child = ChildJvm("panic", newStateDir().path)

        // Not one of the subclasses that stand for bad input or misuse.
        assertEquals(RuntimeException::class.java.name, child.readLine())
        assertEquals("high", json(child.readLine()).level())
        assertEquals(0, child.waitFor())
        val log = child.stderr.readText()
        // The shipped library keeps no panic locations (-Zlocation-detail=none); others say where.
        val place = if (System.getProperty("smsguard.shipped") == "true") "<redacted>:0" else ".*test_hooks\\.rs:\\d+"
        assertEquals(10, Regex("panic at $place").findAll(log).count(), log)
        assertFalse(log.contains("deliberate"), "the panic message stays out of the log: $log")
    }
}
