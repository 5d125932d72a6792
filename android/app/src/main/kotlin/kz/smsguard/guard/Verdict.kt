package kz.smsguard.guard

import kz.smsguard.report.AskReport
import org.json.JSONException
import org.json.JSONObject

/**
 * The part of the core's verdict JSON the shell needs to show a warning. The `otp` object (which
 * holds the code) is never read into Kotlin, so the code cannot leak into a view, a log or a
 * notification from here.
 */
internal data class Verdict(
    /**
     * `low`, `medium`, `high` or `critical` when the core warns, else `none`. A warning whose level
     * this shell does not know (missing, null, or a newer core's) is taken as `high`: the core asked
     * for a warning, so it is shown, felt and put over the lock screen rather than as a quiet "Caution".
     */
    val level: String,
    /** Whether the core asked for a warning: a `warning` object, or a level above `none`. */
    val warns: Boolean,
    /** The warning's explanation by language (`kk`, `ru`, `en`); empty when the core sent none. */
    val warning: Map<String, String> = emptyMap(),
    /** The warning's one-line headline by language (`warning.headline`); empty without one. */
    val headline: Map<String, String> = emptyMap(),
    /** Seconds the screen keeps "I understand" locked (`warning.hold_s`), 0 to [MAX_HOLD_SECONDS]. */
    val holdSeconds: Int = 0,
    /** The number of the call the warning is about (`caller`); null when hidden or no warning. */
    val callerNumber: String?,
    /** Whether that call's number is one the person reported (`caller_reported`). */
    val callerReported: Boolean,
    /** How that call came (`channel`); null when the verdict is about no call. */
    val channel: Channel? = null,
    /** The level's name for the badge, by language (`warning.level_name`); empty without one. */
    val levelName: Map<String, String> = emptyMap(),
    /** On the end of a stranger's call during which a code arrived: the question to ask (`ask_report`). */
    val askReport: AskReport? = null,
    /** For high and critical: the SMS for the trusted contact by language (`warning.trusted`), with `{name}`. */
    val trusted: Map<String, String> = emptyMap(),
) {
    companion object {
        /**
         * Parses the core's JSON; null when it is not a JSON object (a bug on the other side, never a
         * crash here). Fields of the wrong type count as missing, JSON null is never the text "null",
         * and a warning the core asked for is kept even when its texts are missing (fail towards
         * warning: the screen then uses its own words).
         */
        fun parse(json: String): Verdict? = try {
            val root = JSONObject(json)
            val w = root.opt("warning")?.takeIf { it != JSONObject.NULL }
            val wo = w as? JSONObject
            val rawLevel = root.opt("level") as? String
            val warns = w != null || (rawLevel != null && rawLevel != NONE && rawLevel.isNotEmpty())
            Verdict(
                level = when {
                    !warns -> NONE
                    rawLevel in WARNING_LEVELS -> rawLevel!!
                    else -> UNKNOWN_LEVEL_AS
                },
                warns = warns,
                warning = wo?.let(::texts).orEmpty(),
                headline = (wo?.opt("headline") as? JSONObject)?.let(::texts).orEmpty(),
                holdSeconds = hold(wo?.opt("hold_s")),
                callerNumber = (root.opt("caller") as? String)?.takeIf { it.isNotEmpty() },
                callerReported = root.opt("caller_reported") == true,
                channel = Channel.ofWire(root.opt("channel") as? String),
                levelName = (wo?.opt("level_name") as? JSONObject)?.let(::texts).orEmpty(),
                askReport = AskReport.from(root.opt("ask_report")),
                trusted = (wo?.opt("trusted") as? JSONObject)?.let(::texts).orEmpty(),
            )
        } catch (e: JSONException) {
            null
        }

        val LANGUAGES = listOf("kk", "ru", "en")

        /** The policy's own cap (core `policy::MAX_HOLD_S`): a longer hold is a bug on the other side. */
        const val MAX_HOLD_SECONDS = 30

        private const val NONE = "none"
        private val WARNING_LEVELS = setOf("low", "medium", "high", "critical")
        private const val UNKNOWN_LEVEL_AS = "high"

        /** The texts in our languages that are strings with something in them. */
        private fun texts(o: JSONObject): Map<String, String> =
            LANGUAGES.mapNotNull { lang -> (o.opt(lang) as? String)?.takeIf { it.isNotBlank() }?.let { lang to it } }.toMap()

        /**
         * `hold_s` as whole seconds within 0..[MAX_HOLD_SECONDS]; not a number counts as 0. Read as a
         * double first: an int read of 2^31 wraps to a negative number and would unlock at once.
         */
        private fun hold(value: Any?): Int {
            val seconds = (value as? Number)?.toDouble() ?: return 0
            if (seconds.isNaN()) return 0
            return seconds.coerceIn(0.0, MAX_HOLD_SECONDS.toDouble()).toInt()
        }
    }
}
