package kz.smsguard.warn

import android.content.Context
import android.content.res.Configuration
import android.view.ContextThemeWrapper
import java.util.Locale
import kz.smsguard.R

/**
 * The language a warning is shown in: the app's language when it is Kazakh, Russian or English,
 * otherwise Russian. The whole warning (the core's text and our own labels) uses that one
 * language, so a person never sees a half-translated window.
 */
internal object AppLanguage {
    fun of(context: Context): String {
        val language = context.resources.configuration.locales[0]?.language
        return if (language in SUPPORTED) language!! else FALLBACK
    }

    /** [context] with its resources in [lang] and the app's theme, for inflating the warning. */
    fun localized(context: Context, lang: String): Context {
        val resources = if (context.getString(R.string.lang_code) == lang) {
            context
        } else {
            val config = Configuration(context.resources.configuration)
            config.setLocale(Locale.forLanguageTag(lang))
            context.createConfigurationContext(config)
        }
        return ContextThemeWrapper(resources, R.style.Theme_SmsGuard)
    }

    private val SUPPORTED = setOf("kk", "ru", "en")
    private const val FALLBACK = "ru"
}
