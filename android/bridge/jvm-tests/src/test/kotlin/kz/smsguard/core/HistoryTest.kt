package kz.smsguard.core

import com.google.gson.JsonParser
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import java.util.concurrent.TimeUnit

/** `historyList`: the warning history crosses as the document `smsguard history --json` prints. */
class HistoryTest {
    @Test
    fun `the history is what smsguard history prints, in three languages and without the code`() {
        val stateDir = newStateDir()
        SmsGuardNative.open(stateDir.path, null)
        Story.strangerAnswered()
        SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, 0, Story.T0 + 60_000)
        SmsGuardNative.onCall("ended", Story.CALLER, "incoming", "no", "cellular", Story.T0 + 120_000)
        // The follow-up: another stranger rings three hours later.
        SmsGuardNative.onCall("start", SECOND, "incoming", "no", "cellular", Story.T0 + 3 * 3_600_000)

        val crossed = SmsGuardNative.historyList()
        assertFalse(crossed.contains(Story.EGOV_CODE), crossed)
        val moments = json(crossed).getAsJsonArray("moments")
        assertEquals(2, moments.size(), crossed)
        val (followUp, code) = moments.map { it.asJsonObject }
        assertEquals(SECOND, followUp.get("caller").asString)
        assertEquals("medium", followUp.level())
        assertEquals("high", code.level())
        assertEquals(Story.EGOV, code.get("sender").asString)
        val summary = code.getAsJsonObject("summary")
        assertTrue(summary.get("kk").asString.any { it in "әғқңөұүһі" }, summary.toString())
        assertTrue(summary.get("ru").asString.any { it in 'а'..'я' }, summary.toString())

        // Reporting a number shows in the next read.
        SmsGuardNative.reportAdd(SECOND, null, Story.T0 + 4 * 3_600_000)
        assertTrue(json(SmsGuardNative.historyList()).getAsJsonArray("moments")[0].asJsonObject.get("reported").asBoolean)

        val cli = File(System.getProperty("smsguard.cli"))
        assertTrue(cli.canExecute(), "build the CLI first: $cli")
        val history = ProcessBuilder(cli.path, "history", "--state", stateDir.path, "--json").start()
        val printed = history.inputStream.bufferedReader(Charsets.UTF_8).readText()
        assertTrue(history.waitFor(60, TimeUnit.SECONDS))
        assertEquals(0, history.exitValue())
        assertEquals(JsonParser.parseString(printed), JsonParser.parseString(SmsGuardNative.historyList()))
    }

    private companion object {
        const val SECOND = "+77015550177"
    }
}
