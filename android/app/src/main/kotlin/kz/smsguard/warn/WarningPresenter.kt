package kz.smsguard.warn

import android.app.KeyguardManager
import android.content.Context
import android.os.Handler
import android.os.Looper
import android.util.Log
import kz.smsguard.R
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Verdict
import kz.smsguard.report.ReportQuestion
import kz.smsguard.setup.SelfCheck
import kz.smsguard.trusted.TrustedPerson
import kz.smsguard.ui.WarningActivity

/**
 * Shows what a verdict asks for: nothing when the core does not warn; otherwise every path at
 * once — the overlay window (over the call screen, also on a locked phone while the call
 * occludes the keyguard), the heads-up notification (always; its full-screen intent covers the
 * lock screen), on a locked phone the warning screen itself, and the level's vibration and
 * in-call cue; on a critical one (or high, by choice) the message to the person's trusted contact.
 * After a stranger's call with a code during it, the question whether to report the number. Any
 * thread; the work on screen runs on main.
 * One warning at a time: a newer one replaces every copy of the older, unless the older is
 * stronger and still in front of the person, as its window or its screen in the foreground (a
 * delivery code's "low" arriving during a critical warning's countdown must not swap it for one
 * that can be waved away at once).
 */
internal object WarningPresenter {
    private val main = Handler(Looper.getMainLooper())

    /** The warning last shown and not yet acted on, in this process. Main thread. */
    private var current: Warning? = null

    fun present(context: Context, verdict: Verdict) {
        val app = context.applicationContext
        // After a stranger's call with a code during it: "Did this caller ask for a code?"
        verdict.askReport?.let { ReportQuestion.post(app, it) }
        if (!verdict.warns) return
        TrustedPerson.onWarning(app, verdict)
        val warning = Warning.of(verdict) { ownWords(app) } ?: return
        main.post { show(app, warning) }
    }

    /** Our own explanation in each language, for a verdict that asked for a warning but carried no text. */
    private fun ownWords(app: Context): Map<String, String> =
        Verdict.LANGUAGES.associateWith { lang -> AppLanguage.localized(app, lang).getString(R.string.warning_fallback_text) }

    /** The "show me a test warning" button: the real window and notification, with our own example words. */
    fun presentTest(context: Context) {
        val app = context.applicationContext
        val texts = listOf("kk", "ru", "en").associateWith { lang -> AppLanguage.localized(app, lang).getString(R.string.test_warning_text) }
        val headlines = listOf("kk", "ru", "en").associateWith { lang -> AppLanguage.localized(app, lang).getString(R.string.test_warning_headline) }
        main.post { show(app, Warning("high", texts, caller = null, channel = Channel.OTHER, headlines = headlines)) }
    }

    /** Takes down every copy of the warning: window, notification, full-screen activity, vibration, tone. */
    fun dismiss(context: Context) {
        val app = context.applicationContext
        current = null
        WarningOverlay.dismiss(app)
        WarningNotification.cancel(app)
        WarningActivity.finishShown()
        Alerting.stop(app)
    }

    /** Forgets the warning on screen, as a new process would (tests). */
    fun forget() {
        current = null
    }

    private fun show(app: Context, warning: Warning) {
        val shown = current
        if (shown != null && shown.rank > warning.rank && stillUp()) return
        current = warning
        WarningActivity.finishShown()
        val window = WarningOverlay.show(app, warning)
        val posted = WarningNotification.show(app, warning)
        // Tried even when the window failed: other background-start exemptions may still apply,
        // and a refused start is dropped by the platform without an error.
        if (warning.urgent && locked(app)) openOverKeyguard(app, warning)
        Alerting.start(app, warning)
        // A path that failed at the moment it mattered is news for the self-check.
        if (!window || !posted) SelfCheck.runSoon(app)
    }

    /**
     * Whether the current warning is still in front of the person: its window, or its screen
     * started. A notification left in the shade or a screen sent to the background does not count:
     * holding the next warning back for those would leave the newer code without a window.
     */
    private fun stillUp(): Boolean = WarningOverlay.current != null || WarningActivity.isShown()

    private fun locked(app: Context): Boolean =
        app.getSystemService(KeyguardManager::class.java)?.isKeyguardLocked == true

    /**
     * On a locked phone, also opens the warning screen directly: the overlay is hidden whenever
     * nothing occludes the keyguard, and the notification's full-screen intent needs a permission
     * Android 14+ may not grant. A background app may start an activity while it holds "display
     * over other apps" (AOSP BackgroundActivityStartController, BAL_ALLOW_SAW_PERMISSION, still
     * there on Android 16; Android 15's visible-window rule is about foreground services). The
     * screen is singleTop, so the full-screen intent arriving too shows the same warning once.
     */
    private fun openOverKeyguard(app: Context, warning: Warning) {
        try {
            app.startActivity(WarningActivity.intent(app, warning))
        } catch (e: RuntimeException) {
            Log.w("SmsGuard", "warning screen not started: ${e.javaClass.simpleName}")
        }
    }
}
