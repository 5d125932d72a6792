package kz.smsguard.bench

import kz.smsguard.core.BridgeTestHooks
import kz.smsguard.core.SmsGuardNative
import kz.smsguard.core.newStateDir
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * The round-trip benchmark subtracts the no-op call from the real one to show the engine's
 * share; that only holds while both hand Java the same reply to convert.
 */
class BaselineTest {
    @Test
    fun `the no-op call returns the verdict the benchmark's ordinary SMS gets`() {
        SmsGuardNative.open(newStateDir().path, null)
        val ts = 1_732_440_000_000L
        assertEquals(
            SmsGuardNative.onSms(RoundTripBenchmark.ORDINARY_SENDER, RoundTripBenchmark.ORDINARY_BODY, 0, ts),
            BridgeTestHooks.noopSms(RoundTripBenchmark.ORDINARY_SENDER, RoundTripBenchmark.ORDINARY_BODY, 0, ts),
        )
    }
}
