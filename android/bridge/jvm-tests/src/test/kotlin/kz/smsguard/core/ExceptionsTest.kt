package kz.smsguard.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

/** Bad input from Kotlin comes back as the exception `SmsGuardNative` documents, never a crash. */
class ExceptionsTest {
    @BeforeEach
    fun open() {
        SmsGuardNative.open(newStateDir().path, null)
    }

    @Test
    fun `unknown phase, direction or channel is IllegalArgumentException`() {
        assertThrows<IllegalArgumentException> {
            SmsGuardNative.onCall("ringing", Story.CALLER, "incoming", false, "cellular", Story.T0)
        }
        assertThrows<IllegalArgumentException> {
            SmsGuardNative.onCall("start", Story.CALLER, "inbound", false, "cellular", Story.T0)
        }
        assertThrows<IllegalArgumentException> {
            SmsGuardNative.onCall("start", Story.CALLER, "incoming", false, "viber", Story.T0)
        }
        // Names are lowercase, as the core parses them.
        assertThrows<IllegalArgumentException> {
            SmsGuardNative.onCall("START", Story.CALLER, "incoming", false, "cellular", Story.T0)
        }
    }

    @Test
    fun `a rules override that does not load is IllegalArgumentException and the open guard stays`() {
        val version = SmsGuardNative.rulesVersion()
        val empty = newStateDir()

        val e = assertThrows<IllegalArgumentException> { SmsGuardNative.open(newStateDir().path, empty.path) }

        assertTrue(e.message!!.contains("pack.json"), e.message)
        assertEquals(version, SmsGuardNative.rulesVersion())
        Story.strangerAnswered()
        assertEquals("high", json(SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, Story.T0 + 60_000)).level())
    }

    @Test
    fun `a rules override whose pattern needs Unicode tables names the rule, and the open guard stays`() {
        // The library is built without the regex crates' Unicode tables: `\w` must be refused by
        // rule validation, naming the rule, as it is in every build.
        val rules = newStateDir()
        File(repoRoot, "rules").listFiles()!!.forEach { it.copyTo(File(rules, it.name)) }
        val keywords = File(rules, "keywords.json")
        val pattern = "\"pattern\": \"парол(?:ь|я|ем|ю|и)\""
        assertTrue(keywords.readText().contains(pattern))
        keywords.writeText(keywords.readText().replace(pattern, "\"pattern\": \"парол\\\\w*\""))

        val e = assertThrows<IllegalArgumentException> { SmsGuardNative.open(newStateDir().path, rules.path) }

        assertTrue(
            e.message!!.contains("keywords.json: rule `otp-ru-parol`: pattern uses \\d, \\s or \\w"),
            e.message,
        )
        Story.strangerAnswered()
        assertEquals("high", json(SmsGuardNative.onSms(Story.EGOV, Story.EGOV_SMS, Story.T0 + 60_000)).level())
    }

    @Test
    fun `the repository's rules directory loads as an override, the same pack as the built-in one`() {
        val embedded = SmsGuardNative.rulesVersion()

        SmsGuardNative.open(newStateDir().path, File(repoRoot, "rules").path)

        assertEquals(embedded, SmsGuardNative.rulesVersion())
    }

    @Test
    fun `a state directory that cannot be written still gives a guard that warns and says why`() {
        // A file where the directory should be: nothing can be made there, even as root. In a
        // second JVM, whose log (asserted here) stays out of the build's output.
        val file = File.createTempFile("smsguard", ".not-a-dir").apply { deleteOnExit() }
        val child = ChildJvm("unwritable", file.path)

        val verdict = json(child.readLine())
        val report = child.readLine()
        val problem = child.readLine()
        assertEquals(0, child.waitFor())

        assertEquals("high", verdict.level())
        val error = verdict.get("state_error").asString
        assertTrue(error.startsWith("not_a_directory: "), error)
        assertFalse(error.contains(Story.EGOV_CODE) || error.contains(Story.CALLER), error)
        // A report cannot be saved there: the person must not be told it was.
        assertEquals(IllegalStateException::class.java.name, report)
        // The self-check reads the same, by kind, to tell the person.
        assertEquals("not_a_directory", problem)
        // One log line says what happened, by kind, once.
        val log = child.stderr.readText()
        assertEquals(1, Regex("not_a_directory").findAll(log).count(), log)
    }

    @Test
    fun `a report on something that is not a number is IllegalArgumentException`() {
        assertThrows<IllegalArgumentException> { SmsGuardNative.reportAdd("", null, Story.T0) }
        assertFalse(SmsGuardNative.reportRemove(Story.CALLER))
    }

    @Test
    fun `a bad CSV row is reported with its line and the others are kept`() {
        val csv = "number,reported_at,note\n+77015550101,1732440000000,ok\nnot a row\n"

        val summary = json(SmsGuardNative.reportImport(csv))

        assertEquals(1, summary.get("added").asInt, summary.toString())
        assertEquals(3, summary.getAsJsonArray("errors")[0].asJsonObject.get("line").asInt, summary.toString())
    }
}
