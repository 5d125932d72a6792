package kz.smsguard.core

import com.google.gson.JsonParser
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.io.File
import java.util.concurrent.TimeUnit

/** Text crosses the boundary both ways without losing a character. */
class RoundTripTest {
    private lateinit var stateDir: File

    @BeforeEach
    fun open() {
        stateDir = newStateDir()
        SmsGuardNative.open(stateDir.path, null)
    }

    @Test
    fun `report notes in Kazakh, Russian and beyond the BMP come back exactly`() {
        NOTES.forEachIndexed { i, note -> SmsGuardNative.reportAdd(number(i), note, Story.T0 + i) }

        val listed = jsonArray(SmsGuardNative.reportList()).map { it.asJsonObject.get("note").asString }

        assertEquals(NOTES.toSet(), listed.toSet())
    }

    @Test
    fun `exported CSV imported into another guard gives the same reports`() {
        NOTES.forEachIndexed { i, note -> SmsGuardNative.reportAdd(number(i), note, Story.T0 + i) }
        val before = SmsGuardNative.reportList()
        val csv = SmsGuardNative.reportExport()

        SmsGuardNative.open(newStateDir().path, null)
        val summary = json(SmsGuardNative.reportImport(csv))

        assertEquals(NOTES.size, summary.get("added").asInt, summary.toString())
        assertEquals(JsonParser.parseString(before), JsonParser.parseString(SmsGuardNative.reportList()))
    }

    @Test
    fun `a null body (Android hid it) is accepted and gets a verdict`() {
        Story.strangerAnswered()

        val verdict = json(SmsGuardNative.onSms(Story.EGOV, null, 0, Story.T0 + 60_000))

        assertTrue(verdict.level() in LEVELS, verdict.toString())
    }

    /**
     * A redacted notification's code (sender and text null), an SMS held back 3 hours (its
     * SMS centre time crosses as a Long) and a caller Android did not identify ("unknown"):
     * each crosses and gets the verdict `smsguard replay` gives the same events.
     */
    @Test
    fun `null sender, the sending time and unknown identity cross as replay takes them`() {
        val cli = File(System.getProperty("smsguard.cli"))
        assertTrue(cli.canExecute(), "build the CLI first: $cli")
        val t = Story.T0
        val events = listOf(
            """{"ts": $t, "kind": "call", "phase": "start", "number": "${Story.CALLER}", "direction": "incoming", "contact": false}""",
            """{"ts": ${t + 5_000}, "kind": "call", "phase": "answered", "number": "${Story.CALLER}", "direction": "incoming", "contact": false}""",
            """{"ts": ${t + 60_000}, "kind": "sms", "sender": "Kaspi.kz", "body": "Kaspi.kz: код для входа 7712. Никому не говорите код.", "sent_ts": ${t + 60_000 - 3 * 3_600_000}}""",
            """{"ts": ${t + 120_000}, "kind": "sms", "sender": null, "body": null}""",
            """{"ts": ${t + 180_000}, "kind": "call", "phase": "start", "number": null, "direction": "incoming", "contact": null}""",
        )
        val replay = ProcessBuilder(cli.path, "replay", "-").start()
        replay.outputStream.bufferedWriter(Charsets.UTF_8).use { w -> events.forEach { w.write(it + "\n") } }
        val expected = replay.inputStream.bufferedReader(Charsets.UTF_8).readLines()
        assertTrue(replay.waitFor(60, TimeUnit.SECONDS))
        assertEquals(events.size, expected.size, expected.toString())

        Story.strangerAnswered()
        val late = SmsGuardNative.onSms("Kaspi.kz", "Kaspi.kz: код для входа 7712. Никому не говорите код.", t + 60_000 - 3 * 3_600_000, t + 60_000)
        val hidden = SmsGuardNative.onSms(null, null, 0, t + 120_000)
        val unidentified = SmsGuardNative.onCall("start", null, "incoming", "unknown", "cellular", t + 180_000)

        assertEquals(JsonParser.parseString(expected[3]), JsonParser.parseString(hidden))
        assertEquals("high", json(hidden).level(), hidden)
        assertEquals(JsonParser.parseString(expected[2]), JsonParser.parseString(late))
        assertEquals("low", json(late).level(), late)
        assertTrue(json(late).getAsJsonArray("reasons").any { it.asString == "time:late_sms" }, late)
        assertEquals(JsonParser.parseString(expected[4]), JsonParser.parseString(unidentified))
        assertEquals("cellular", json(unidentified).get("channel").asString, unidentified)
    }

    @Test
    fun `the verdict is the document smsguard replay prints, to the character`() {
        val cli = File(System.getProperty("smsguard.cli"))
        assertTrue(cli.canExecute(), "build the CLI first: $cli")
        val events = listOf(
            """{"ts": ${Story.T0}, "kind": "call", "phase": "start", "number": "${Story.CALLER}", "direction": "incoming", "contact": false, "channel": "cellular"}""",
            """{"ts": ${Story.T0 + 5_000}, "kind": "call", "phase": "answered", "number": "${Story.CALLER}", "direction": "incoming", "contact": false, "channel": "cellular"}""",
            """{"ts": ${Story.T0 + 60_000}, "kind": "sms", "sender": "${Story.EGOV}", "body": "${Story.EGOV_SMS}"}""",
        )
        val replay = ProcessBuilder(cli.path, "replay", "-").redirectErrorStream(false).start()
        replay.outputStream.bufferedWriter(Charsets.UTF_8).use { w -> events.forEach { w.write(it + "\n") } }
        val expected = replay.inputStream.bufferedReader(Charsets.UTF_8).readLines()
        assertTrue(replay.waitFor(60, TimeUnit.SECONDS))
        assertEquals(3, expected.size, expected.toString())

        Story.strangerAnswered()
        val verdict = SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, 0, Story.T0 + 60_000)

        assertEquals(JsonParser.parseString(expected[2]), JsonParser.parseString(verdict))
        assertNotEquals("none", json(verdict).level())
        // The warning is Kazakh and Russian text; compared as Java strings it survived the crossing.
        val warning = json(verdict).getAsJsonObject("warning")
        assertTrue(warning.get("kk").asString.any { it in "әғқңөұүһі" }, warning.toString())
        assertTrue(warning.get("ru").asString.any { it in 'а'..'я' }, warning.toString())
        // The headline crosses as its own object, and the hold of "I understand" as a number.
        val headline = warning.getAsJsonObject("headline")
        assertTrue(headline.get("kk").asString.any { it in "әғқңөұүһі" }, headline.toString())
        assertTrue(warning.get("hold_s").asInt in 0..30, warning.toString())
    }

    @Test
    fun `an unpaired surrogate from Java does not break the library`() {
        SmsGuardNative.reportAdd(number(0), "broken \uD83D text", Story.T0)

        val note = jsonArray(SmsGuardNative.reportList())[0].asJsonObject.get("note").asString

        assertTrue(note.startsWith("broken ") && note.endsWith(" text"), note)
        assertTrue(json(SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, 0, Story.T0)).level() in LEVELS)
    }

    private fun number(i: Int) = "+7701444%04d".format(i)

    private companion object {
        val LEVELS = setOf("none", "low", "medium", "high", "critical")
        val NOTES = listOf(
            "Қазақстан: әңгіме, ғылым, қоңырау, ұлттық, үй, һ, і — алаяқ",
            "Звонил «сотрудник банка», просил код из СМС. Ёлка, ЁЖ, щ, ъ",
            "🛑📞😀 👨‍👩‍👧 🇰🇿 \uD835\uDD08\uD835\uDD24 \uD840\uDC0B",
            // The core turns control characters in notes into spaces, so none here.
            "Temu 🎁 курьер: \"скажите код\", 5 000 ₸, back\\slash, 'quote'",
            "‹›, ¿¡, ß, ǅ, Ⅻ, ½, ﷺ, 𝄞, \u00A0no-break",
        )
    }
}
