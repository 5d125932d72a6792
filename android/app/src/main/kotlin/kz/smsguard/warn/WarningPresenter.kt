package kz.smsguard.warn

import android.content.Context
import android.os.Handler
import android.os.Looper
import kz.smsguard.calls.CallLedger
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Verdict

/**
 * Shows what a verdict asks for: nothing when the core does not warn, else the overlay, else
 * (no overlay permission) the heads-up notification. Any thread; the window work runs on main.
 */
internal object WarningPresenter {
    private val main = Handler(Looper.getMainLooper())

    fun present(context: Context, verdict: Verdict) {
        if (!verdict.warns) return
        val app = context.applicationContext
        val warning = Warning.of(verdict, CallLedger(app)) ?: return
        main.post { show(app, warning) }
    }

    /** The "show me a test warning" button: the real window, with our own example words. */
    fun presentTest(context: Context) {
        val app = context.applicationContext
        val texts = listOf("kk", "ru", "en").associateWith { lang ->
            AppLanguage.localized(app, lang).getString(kz.smsguard.R.string.test_warning_text)
        }
        main.post { show(app, Warning("high", texts, caller = null, channel = Channel.OTHER)) }
    }

    private fun show(app: Context, warning: Warning) {
        if (!WarningOverlay.show(app, warning)) WarningNotification.show(app, warning)
    }
}
