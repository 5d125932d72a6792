package kz.smsguard.warn

import android.os.Bundle
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Verdict

/**
 * A warning ready to show: the core's level, headline and explanation, how long "I understand"
 * stays locked, and who called. Holds no code: the verdict's `otp` never reaches this class.
 */
internal data class Warning(
    val level: String,
    /** The core's explanation by language (`kk`, `ru`, `en`). */
    val texts: Map<String, String>,
    /** The caller to pre-fill in "Report this number" (the verdict's `caller`); null when hidden or a messenger name. */
    val caller: String?,
    /** How the call the warning is about came (the verdict's `channel`); null when about no call. */
    val channel: Channel?,
    /** The core's one-line headline by language; the screen sets it in large type. */
    val headlines: Map<String, String> = emptyMap(),
    /** Seconds "I understand" stays locked (the core's `hold_s`, from rules/policy.json). */
    val holdSeconds: Int = 0,
    /** The level's name for the badge by language (the verdict's `warning.level_name`); empty: the app's own. */
    val levelNames: Map<String, String> = emptyMap(),
) {
    /** The text in [lang], else Russian, the language most people in Kazakhstan read. Never empty. */
    fun text(lang: String): String = texts[lang] ?: texts["ru"] ?: texts.values.first()

    /** The headline in [lang] (same fallback), or null when the core sent none. */
    fun headline(lang: String): String? = headlines[lang] ?: headlines["ru"] ?: headlines.values.firstOrNull()

    /** The level's name in [lang] (same fallback), or null when the core sent none. */
    fun levelName(lang: String): String? = levelNames[lang] ?: levelNames["ru"] ?: levelNames.values.firstOrNull()

    /** High and critical warnings vibrate and hold "I understand"; critical also sounds a cue. */
    val urgent: Boolean get() = level == "high" || level == "critical"
    val critical: Boolean get() = level == "critical"

    /** Low 1 … critical 4: a newer warning does not push a stronger one still on screen aside. */
    val rank: Int get() = LEVELS.indexOf(level).coerceAtLeast(0) + 1

    fun toBundle(): Bundle = Bundle().apply {
        putString(LEVEL, level)
        texts.forEach { (lang, text) -> putString(TEXT + lang, text) }
        headlines.forEach { (lang, text) -> putString(HEADLINE + lang, text) }
        levelNames.forEach { (lang, text) -> putString(LEVEL_NAME + lang, text) }
        putString(CALLER, caller)
        putString(CHANNEL, channel?.name)
        putInt(HOLD, holdSeconds)
    }

    companion object {
        private const val LEVEL = "level"
        private const val TEXT = "text_"
        private const val HEADLINE = "headline_"
        private const val LEVEL_NAME = "level_name_"
        private const val CALLER = "caller"
        private const val CHANNEL = "channel"
        private const val HOLD = "hold_s"

        private val LEVELS = listOf("low", "medium", "high", "critical")

        /**
         * The warning a verdict asks for, or null when it does not warn. When the core sent no
         * explanation (a bug on the other side), [ownWords] stands in, by language: the person is
         * warned in our words rather than not at all. Everything else is the verdict's own: the
         * caller and channel of the call it is about, never a guess from the last call seen (a
         * hidden caller gives no number, not the previous caller's).
         */
        fun of(verdict: Verdict, ownWords: () -> Map<String, String>): Warning? {
            if (!verdict.warns) return null
            val texts = verdict.warning.ifEmpty(ownWords)
            return Warning(verdict.level, texts, verdict.callerNumber, verdict.channel, verdict.headline, verdict.holdSeconds, verdict.levelName)
        }

        fun fromBundle(bundle: Bundle?): Warning? {
            bundle ?: return null
            val texts = Verdict.LANGUAGES.mapNotNull { lang -> bundle.getString(TEXT + lang)?.let { lang to it } }.toMap()
            if (texts.isEmpty()) return null
            val headlines = Verdict.LANGUAGES.mapNotNull { lang -> bundle.getString(HEADLINE + lang)?.let { lang to it } }.toMap()
            val levelNames = Verdict.LANGUAGES.mapNotNull { lang -> bundle.getString(LEVEL_NAME + lang)?.let { lang to it } }.toMap()
            val channel = Channel.values().firstOrNull { it.name == bundle.getString(CHANNEL) }
            return Warning(bundle.getString(LEVEL) ?: "high", texts, bundle.getString(CALLER), channel, headlines, bundle.getInt(HOLD, 0), levelNames)
        }
    }
}
