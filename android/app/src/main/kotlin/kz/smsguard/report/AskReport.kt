package kz.smsguard.report

import org.json.JSONObject

/**
 * The core's question after a stranger's call (verdict `ask_report`): an answered call from a
 * number not in contacts ended, and a one-time code arrived during it. [number] is the number to
 * report, [note] the report's note by language ("Asked for a code from 1414 (eGov) during a call").
 */
internal data class AskReport(val number: String, val note: Map<String, String>) {
    /** The note in [lang], else Russian, else any; empty when the core sent none. */
    fun note(lang: String): String = note[lang] ?: note["ru"] ?: note.values.firstOrNull().orEmpty()

    companion object {
        /** Reads the verdict's `ask_report`; null when absent, JSON null, or without a number. */
        fun from(value: Any?): AskReport? {
            val o = value as? JSONObject ?: return null
            val number = (o.opt("number") as? String)?.takeIf { it.isNotBlank() } ?: return null
            val note = o.opt("note") as? JSONObject
            return AskReport(
                number,
                listOf("kk", "ru", "en").mapNotNull { lang -> (note?.opt(lang) as? String)?.takeIf { it.isNotBlank() }?.let { lang to it } }.toMap(),
            )
        }
    }
}
