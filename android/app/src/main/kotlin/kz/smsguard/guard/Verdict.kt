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
    /** The warning in `kk`, `ru` and `en`; null when the core does not warn. */
    val warning: Map<String, String>?,
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
            val warning = root.optJSONObject("warning")?.let { w ->
                LANGUAGES.mapNotNull { lang -> w.optString(lang).takeIf { it.isNotEmpty() }?.let { lang to it } }
                    .toMap()
                    .takeIf { it.isNotEmpty() }
            }
            val reasons = root.optJSONArray("reasons")
            val reasonList = (0 until (reasons?.length() ?: 0)).map { reasons!!.optString(it) }
            Verdict(
                level = root.optString("level", "none"),
                warning = warning,
                callerNumber = if (root.isNull("caller")) null else root.optString("caller").takeIf { it.isNotEmpty() },
                callerReported = REPORTED_CALLER in reasonList,
            )
        } catch (e: JSONException) {
            null
        }

        val LANGUAGES = listOf("kk", "ru", "en")

        /** The core's reason for a caller the person reported. */
        private const val REPORTED_CALLER = "caller:reported"
    }
}
