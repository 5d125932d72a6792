package kz.smsguard.core

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * No body, code or whole phone number reaches the log, at any level: the development corpus
 * goes through the library in a child JVM logging at trace, and its stderr is searched.
 */
class PrivacyLogTest {
    @Test
    fun `the trace log of the whole corpus holds no body, code or phone number`() {
        val corpus = Corpus.read()
        assertTrue(corpus.size >= 50, "corpus too small to prove anything: ${Corpus.file}")
        val child = ChildJvm("corpus", newStateDir().path, Corpus.file.path, env = mapOf("SMSGUARD_LOG" to "trace"))

        val summary = child.readLine(timeoutSeconds = 300)

        assertEquals(0, child.waitFor(), child.stderr.readText().take(2000))
        val warned = Regex("""warned (\d+) of (\d+)""").find(summary)!!.groupValues[1].toInt()
        assertTrue(warned > 0, "the corpus run never reached a warning: $summary")
        val raw = child.stderr.readText()
        // Trace must really have been on, with lines from every export the run used.
        for (export in listOf("open", "onCall", "onSms", "reportAdd")) {
            assertTrue(raw.contains("$export: "), "no trace line from $export")
        }
        // The bridge's own timings are numbers that could pass for a short code by chance.
        val log = raw.replace(Regex("""(\w+): \d+ µs"""), "$1: <time> µs")
        // A number logged as "+7 701 555 01 01" or "8(701)555-01-01" is still a number.
        val joined = log.replace(Regex("""(?<=\d)[ ()\-]+(?=\d)"""), "")

        val leaks = mutableListOf<String>()
        for (m in corpus) {
            m.code?.let { code -> if (Regex("(?<![0-9])${Regex.escape(code)}(?![0-9])").containsMatchIn(log)) leaks += "code $code" }
            m.body?.let { body -> fragments(body).firstOrNull { it in log }?.let { leaks += "body fragment «$it»" } }
            if (digits(m.sender).length >= 10 && containsNumber(joined, m.sender)) leaks += "sender ${m.sender}"
        }
        for (caller in Corpus.callers) {
            if (containsNumber(joined, caller)) leaks += "caller $caller"
        }
        assertEquals(emptyList<String>(), leaks)
    }

    /** The whole body and every 24-character stretch of it (no body is logged in part either). */
    private fun fragments(body: String): List<String> =
        listOf(body) + (0..body.length - FRAGMENT step FRAGMENT / 2).map { body.substring(it, it + FRAGMENT) }

    private fun digits(s: String) = s.filter { it.isDigit() }

    /** The subscriber part (last 9 digits) of [number], however it is prefixed. */
    private fun containsNumber(log: String, number: String) =
        Regex("${digits(number).takeLast(9)}(?![0-9])").containsMatchIn(log)

    private companion object {
        const val FRAGMENT = 24
    }
}
