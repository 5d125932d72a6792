package kz.smsguard.core

import java.io.File

/** One line of `tests/corpus/sms.jsonl`: an SMS and what the detector should find in it. */
internal data class CorpusSms(val sender: String, val body: String?, val isOtp: Boolean, val code: String?)

internal object Corpus {
    val file: File get() = File(repoRoot, "tests/corpus/sms.jsonl")

    fun read(file: File = this.file): List<CorpusSms> =
        file.readLines(Charsets.UTF_8).filter { it.isNotBlank() }.map { line ->
            val o = json(line)
            CorpusSms(
                sender = o.get("sender").asString,
                body = o.get("body")?.takeUnless { it.isJsonNull }?.asString,
                isOtp = o.get("is_otp")?.asBoolean ?: false,
                code = o.get("code")?.takeUnless { it.isJsonNull }?.asString,
            )
        }

    /** Callers in the shapes Android hands over; the digits after the country code identify each. */
    val callers = listOf("+77015550101", "87027771234", "+7 747 123 45 67", "7058889900", "+998901234567")
}
