package kz.smsguard.warn

import android.os.Bundle
import kz.smsguard.calls.CallLedger
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Verdict

/**
 * A warning ready to show: the core's level and words, and who called. Holds no code: the
 * verdict's `otp` never reaches this class.
 */
internal data class Warning(
    val level: String,
    /** The core's text by language (`kk`, `ru`, `en`). */
    val texts: Map<String, String>,
    /** The caller to pre-fill in "Report this number"; null when unknown (hidden, a messenger name). */
    val caller: String?,
    val channel: Channel,
) {
    /** The text in [lang], else Russian, the language most people in Kazakhstan read. */
    fun text(lang: String): String = texts[lang] ?: texts["ru"] ?: texts.values.first()

    fun toBundle(): Bundle = Bundle().apply {
        putString(LEVEL, level)
        texts.forEach { (lang, text) -> putString(TEXT + lang, text) }
        putString(CALLER, caller)
        putString(CHANNEL, channel.name)
    }

    companion object {
        private const val LEVEL = "level"
        private const val TEXT = "text_"
        private const val CALLER = "caller"
        private const val CHANNEL = "channel"

        /** The warning a verdict asks for, or null when it does not warn. */
        fun of(verdict: Verdict, ledger: CallLedger): Warning? {
            val texts = verdict.warning ?: return null
            val caller = verdict.callerNumber ?: ledger.lastCaller
            return Warning(verdict.level, texts, caller, ledger.lastChannel)
        }

        fun fromBundle(bundle: Bundle?): Warning? {
            bundle ?: return null
            val texts = Verdict.LANGUAGES.mapNotNull { lang -> bundle.getString(TEXT + lang)?.let { lang to it } }.toMap()
            if (texts.isEmpty()) return null
            val channel = Channel.values().firstOrNull { it.name == bundle.getString(CHANNEL) } ?: Channel.CELLULAR
            return Warning(bundle.getString(LEVEL) ?: "high", texts, bundle.getString(CALLER), channel)
        }
    }
}
