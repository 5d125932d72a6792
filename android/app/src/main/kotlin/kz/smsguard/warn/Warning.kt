package kz.smsguard.warn

import android.os.Bundle
import kz.smsguard.calls.CallLedger
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
    /** The caller to pre-fill in "Report this number"; null when unknown (hidden, a messenger name). */
    val caller: String?,
    val channel: Channel,
    /** The core's one-line headline by language; the screen sets it in large type. */
    val headlines: Map<String, String> = emptyMap(),
    /** Seconds "I understand" stays locked (the core's `hold_s`, from rules/policy.json). */
    val holdSeconds: Int = 0,
) {
    /** The text in [lang], else Russian, the language most people in Kazakhstan read. Never empty. */
    fun text(lang: String): String = texts[lang] ?: texts["ru"] ?: texts.values.first()

    /** The headline in [lang] (same fallback), or null when the core sent none. */
    fun headline(lang: String): String? = headlines[lang] ?: headlines["ru"] ?: headlines.values.firstOrNull()

    /** High and critical warnings vibrate and hold "I understand"; critical also sounds a cue. */
    val urgent: Boolean get() = level == "high" || level == "critical"
    val critical: Boolean get() = level == "critical"

    /** Low 1 … critical 4: a newer warning does not push a stronger one still on screen aside. */
    val rank: Int get() = LEVELS.indexOf(level).coerceAtLeast(0) + 1

    fun toBundle(): Bundle = Bundle().apply {
        putString(LEVEL, level)
        texts.forEach { (lang, text) -> putString(TEXT + lang, text) }
        headlines.forEach { (lang, text) -> putString(HEADLINE + lang, text) }
        putString(CALLER, caller)
        putString(CHANNEL, channel.name)
        putInt(HOLD, holdSeconds)
    }

    companion object {
        private const val LEVEL = "level"
        private const val TEXT = "text_"
        private const val HEADLINE = "headline_"
        private const val CALLER = "caller"
        private const val CHANNEL = "channel"
        private const val HOLD = "hold_s"

        private val LEVELS = listOf("low", "medium", "high", "critical")

        /**
         * The warning a verdict asks for, or null when it does not warn. When the core sent no
         * explanation (a bug on the other side), [ownWords] stands in, by language: the person is
         * warned in our words rather than not at all.
         */
        fun of(verdict: Verdict, ledger: CallLedger, ownWords: () -> Map<String, String>): Warning? {
            if (!verdict.warns) return null
            val texts = verdict.warning.ifEmpty(ownWords)
            val caller = verdict.callerNumber ?: ledger.lastCaller
            return Warning(verdict.level, texts, caller, ledger.lastChannel, verdict.headline, verdict.holdSeconds)
        }

        fun fromBundle(bundle: Bundle?): Warning? {
            bundle ?: return null
            val texts = Verdict.LANGUAGES.mapNotNull { lang -> bundle.getString(TEXT + lang)?.let { lang to it } }.toMap()
            if (texts.isEmpty()) return null
            val headlines = Verdict.LANGUAGES.mapNotNull { lang -> bundle.getString(HEADLINE + lang)?.let { lang to it } }.toMap()
            val channel = Channel.values().firstOrNull { it.name == bundle.getString(CHANNEL) } ?: Channel.CELLULAR
            return Warning(bundle.getString(LEVEL) ?: "high", texts, bundle.getString(CALLER), channel, headlines, bundle.getInt(HOLD, 0))
        }
    }
}
