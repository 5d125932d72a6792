package kz.smsguard.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** A bug in Rust is a RuntimeException for the app, not the end of its process. */
class PanicTest {
    @Test
    fun `a panic throws a plain RuntimeException and the library keeps working`() {
        SmsGuardNative.open(newStateDir().path, null)

        repeat(10) {
            val e = assertThrows<RuntimeException> { BridgeTestHooks.panic() }
            // Not one of the subclasses that stand for bad input or misuse.
            assertEquals(RuntimeException::class.java, e.javaClass)
            assertTrue(e.message!!.contains("panic"), e.message)
        }

        Story.strangerAnswered()
        assertEquals("high", json(SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, Story.T0 + 60_000)).level())
    }
}
