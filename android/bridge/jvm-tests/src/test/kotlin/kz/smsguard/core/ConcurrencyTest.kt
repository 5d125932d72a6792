package kz.smsguard.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** SMS, call and report events arrive on many threads at once, as they do on the phone. */
class ConcurrencyTest {
    @Test
    fun `8 threads of 10,000 mixed events each finish with a consistent report list`() {
        // Every call update and report is synced to disk: on tmpfs the test takes seconds, not minutes.
        SmsGuardNative.open(newMemoryStateDir().path, null)
        val pool = Executors.newFixedThreadPool(THREADS)

        val kept = pool.invokeAll((0 until THREADS).map { t -> Callable { mixedEvents(t) } }).flatMap { it.get() }
        pool.shutdown()
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES))

        val listed = jsonArray(SmsGuardNative.reportList()).map { it.asJsonObject.get("number").asString.takeLast(10) }
        assertEquals(kept.size, listed.size, "one entry per kept report, no duplicates")
        assertEquals(kept.map { it.takeLast(10) }.toSet(), listed.toSet())
    }

    /** One thread's stream; returns the numbers it reported and did not take back. */
    private fun mixedEvents(thread: Int): List<String> {
        val kept = mutableListOf<String>()
        val caller = "+7702${thread}55%04d".format(thread)
        for (i in 0 until EVENTS_PER_THREAD) {
            val t = Story.T0 + i * 1_000L
            val reported = "+7701$thread%06d".format(i / 10)
            // One call per ten events, keeping its channel and contact flag from start to end.
            val channel = CHANNELS[(i / 10) % CHANNELS.size]
            val contact = CONTACTS[(i / 10) % CONTACTS.size]
            val verdict = when (i % 10) {
                0 -> SmsGuardNative.onCall("start", caller, "incoming", contact, channel, t)
                1 -> SmsGuardNative.onCall("answered", caller, "incoming", contact, channel, t)
                2 -> SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, 0, t)
                3 -> SmsGuardNative.onSms("Kaspi.kz", "Kaspi: код ${100000 + i} для входа. Не сообщайте его никому", 0, t)
                4 -> SmsGuardNative.onSms("+77017654321", "Привет! Как дела? 👋", 0, t)
                5 -> SmsGuardNative.onSms(Story.EGOV, null, 0, t)
                6 -> SmsGuardNative.onCall("ended", caller, "incoming", contact, channel, t)
                7 -> { SmsGuardNative.reportAdd(reported, "поток $thread 🧵", t); null }
                8 -> { if ((i / 10) % 2 == 0) assertTrue(SmsGuardNative.reportRemove(reported)) else kept += reported; null }
                else -> { if (i % 100 == 9) jsonArray(SmsGuardNative.reportList()) else SmsGuardNative.rulesVersion(); null }
            }
            if (verdict != null) assertTrue(json(verdict).level() in LEVELS, verdict)
        }
        return kept
    }

    private companion object {
        const val THREADS = 8
        const val EVENTS_PER_THREAD = 10_000
        val CHANNELS = listOf("cellular", "whatsapp", "telegram", "other")
        val CONTACTS = listOf("yes", "no", "no", "unknown", "no")
        val LEVELS = setOf("none", "low", "medium", "high", "critical")
    }
}
