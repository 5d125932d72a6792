package kz.smsguard.guard

import org.json.JSONException
import org.json.JSONObject

/**
 * The part of the core's verdict JSON the shell needs to show a warning. The `otp` object (which
 * holds the code) is never read into Kotlin, so the code cannot leak into a view, a log or a
 * notification from here.
 */
internal data class Verdict(
    /** `none`, `low`, `medium`, `high` or `critical`, as the core decided. */
    val level: String,
    /** The warning's explanation in `kk`, `ru` and `en`; null when the core does not warn. */
    val warning: Map<String, String>?,
    /** The warning's one-line headline by language (`warning.headline`); empty without a warning. */
    val headline: Map<String, String> = emptyMap(),
    /** Seconds the screen keeps "I understand" locked (`warning.hold_s`). */
    val holdSeconds: Int = 0,
    /** The number of the call the warning is about (`caller`); null when hidden or no warning. */
    val callerNumber: String?,
    /** Whether the core found the caller among the person's reported numbers (reason `caller:reported`). */
    val callerReported: Boolean,
) {
    val warns: Boolean get() = warning != null

    companion object {
        /** Parses the core's JSON; null when it is not a verdict (a bug on the other side, never a crash here). */
        fun parse(json: String): Verdict? = try {
            val root = JSONObject(json)
            val w = root.optJSONObject("warning")
            val warning = w?.let(::texts)?.takeIf { it.isNotEmpty() }
            val reasons = root.optJSONArray("reasons")
            val reasonList = (0 until (reasons?.length() ?: 0)).map { reasons!!.optString(it) }
            Verdict(
                level = root.optString("level", "none"),
                warning = warning,
                callerNumber = if (root.isNull("caller")) null else root.optString("caller").takeIf { it.isNotEmpty() },
                callerReported = REPORTED_CALLER in reasonList,
                headline = w?.optJSONObject("headline")?.let(::texts).orEmpty(),
                holdSeconds = w?.optInt("hold_s", 0)?.coerceIn(0, MAX_HOLD_SECONDS) ?: 0,
            )
        } catch (e: JSONException) {
            null
        }

        val LANGUAGES = listOf("kk", "ru", "en")

        /** The policy's own cap (core `policy::MAX_HOLD_S`): a longer hold is a bug on the other side. */
        private const val MAX_HOLD_SECONDS = 30

        private fun texts(o: JSONObject): Map<String, String> =
            LANGUAGES.mapNotNull { lang -> o.optString(lang).takeIf { it.isNotEmpty() }?.let { lang to it } }.toMap()

        /** The core's reason for a caller the person reported. */
        private const val REPORTED_CALLER = "caller:reported"
    }
}
