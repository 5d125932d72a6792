package kz.smsguard.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Android kills the app between the call and the SMS. A JVM that saw the call is killed with
 * SIGKILL (no shutdown hooks, no flushing); a new JVM on the same state directory gets the code.
 */
class ProcessDeathTest {
    @Test
    fun `the call survives SIGKILL and the code in the next process still warns`() {
        val stateDir = newStateDir()
        val first = ChildJvm("call", stateDir.path)
        assertEquals("READY", first.readLine())

        first.process.destroyForcibly()

        assertEquals(128 + 9, first.waitFor(), "killed by SIGKILL")
        val second = ChildJvm("sms", stateDir.path)
        val verdict = json(second.readLine())
        assertEquals(0, second.waitFor())
        assertEquals("high", verdict.level(), verdict.toString())
        assertFalse(verdict.get("warning").isJsonNull)
        // The moment is in the history a third process reads.
        SmsGuardNative.open(stateDir.path, null)
        val moments = json(SmsGuardNative.historyList()).getAsJsonArray("moments")
        assertEquals(1, moments.size(), moments.toString())
        assertEquals("high", moments[0].asJsonObject.level())
        assertEquals(Story.CALLER, moments[0].asJsonObject.get("caller").asString)
    }

    @Test
    fun `without the call the same code does not warn`() {
        val child = ChildJvm("sms", newStateDir().path)

        val verdict = json(child.readLine())

        assertEquals(0, child.waitFor())
        assertEquals("none", verdict.level(), verdict.toString())
        assertTrue(verdict.get("warning").isJsonNull)
    }
}
