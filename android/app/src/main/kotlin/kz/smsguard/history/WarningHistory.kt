package kz.smsguard.history

import org.json.JSONArray
import org.json.JSONException
import org.json.JSONObject

/**
 * One warning moment as the core keeps it (`SmsGuardNative.historyList`): never a body or a code.
 * The shell only reads these fields; what happened is the core's own words ([summary]).
 */
internal data class Moment(
    /** When the warning came, milliseconds since the epoch. */
    val at: Long,
    /** `low`, `medium`, `high` or `critical`. */
    val level: String,
    /** What happened, by language (`kk`, `ru`, `en`). */
    val summary: Map<String, String>,
    /** The SMS sender as the warning named it ("1414"); null for a stranger's call after a risky code or a sender Android hid. */
    val sender: String?,
    /** The caller's number; null when hidden. */
    val caller: String?,
    /** Whether that number is reported now. */
    val reported: Boolean,
) {
    /** The summary in [lang], else Russian, else any; empty when the core sent none. */
    fun summary(lang: String): String = summary[lang] ?: summary["ru"] ?: summary.values.firstOrNull().orEmpty()
}

/** The history: its moments, newest first, and whether part of it could not be read. */
internal data class WarningHistory(val moments: List<Moment>, val damaged: Boolean) {
    companion object {
        private val LANGUAGES = listOf("kk", "ru", "en")

        /**
         * Parses the core's document; null when it is not one (a bug on the other side, never a
         * crash here). A moment without a time or level is skipped; JSON null is never "null".
         */
        fun parse(json: String): WarningHistory? = try {
            val root = JSONObject(json)
            val moments = (root.opt("moments") as? JSONArray) ?: JSONArray()
            WarningHistory(
                moments = (0 until moments.length()).mapNotNull { i -> moment(moments.opt(i) as? JSONObject) },
                damaged = ((root.opt("damaged") as? JSONArray)?.length() ?: 0) > 0,
            )
        } catch (e: JSONException) {
            null
        }

        private fun moment(o: JSONObject?): Moment? {
            o ?: return null
            val at = (o.opt("ts") as? Number)?.toLong() ?: return null
            val level = (o.opt("level") as? String) ?: return null
            val summary = o.opt("summary") as? JSONObject
            return Moment(
                at = at,
                level = level,
                summary = LANGUAGES.mapNotNull { lang -> (summary?.opt(lang) as? String)?.takeIf { it.isNotBlank() }?.let { lang to it } }.toMap(),
                sender = (o.opt("sender") as? String)?.takeIf { it.isNotBlank() },
                caller = (o.opt("caller") as? String)?.takeIf { it.isNotBlank() },
                reported = o.opt("reported") == true,
            )
        }
    }
}
