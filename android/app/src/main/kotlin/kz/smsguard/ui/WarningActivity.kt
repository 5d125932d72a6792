package kz.smsguard.ui

import android.app.Activity
import android.content.Context
import android.content.Intent
import android.os.Build
import android.os.Bundle
import android.view.WindowManager
import java.lang.ref.WeakReference
import kz.smsguard.warn.Warning
import kz.smsguard.warn.WarningOverlay
import kz.smsguard.warn.WarningPresenter
import kz.smsguard.warn.WarningView

/**
 * The full warning as a screen of its own: the notification's full-screen intent (SystemUI
 * launches it over the lock screen or on a dark screen) and its tap. It shows over the keyguard
 * and turns the screen on (Activity.setShowWhenLocked / setTurnScreenOn, API 27; the window flags
 * before), which a non-activity window cannot do while nothing occludes the keyguard. While it is
 * up, the overlay's copy of the same warning is taken down: one warning on screen, not two.
 */
class WarningActivity : Activity() {
    /** Between onStart and onStop: in front of the person, not left in the background. */
    private var started = false

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        showOverKeyguard()
        SystemBars.edgeToEdge(this)
        render()
    }

    /** A newer warning while this one is up (singleTop): it replaces the one on screen. */
    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        setIntent(intent)
        render()
    }

    private fun render() {
        val warning = Warning.fromBundle(intent.extras)
        if (warning == null) {
            finish()
            return
        }
        shown = WeakReference(this)
        WarningOverlay.dismiss(this)
        val view = WarningView.create(this, warning) { WarningPresenter.dismiss(this) }
        setContentView(view)
        SystemBars.pad(view)
    }

    override fun onStart() {
        super.onStart()
        started = true
    }

    override fun onStop() {
        started = false
        super.onStop()
    }

    override fun onDestroy() {
        if (shown?.get() === this) shown = null
        super.onDestroy()
    }

    private fun showOverKeyguard() {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O_MR1) {
            setShowWhenLocked(true)
            setTurnScreenOn(true)
        } else {
            @Suppress("DEPRECATION")
            window.addFlags(WindowManager.LayoutParams.FLAG_SHOW_WHEN_LOCKED or WindowManager.LayoutParams.FLAG_TURN_SCREEN_ON)
        }
    }

    internal companion object {
        private var shown: WeakReference<WarningActivity>? = null

        fun intent(context: Context, warning: Warning): Intent =
            Intent(context, WarningActivity::class.java)
                .putExtras(warning.toBundle())
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_CLEAR_TOP)

        /** Whether a warning screen is in front of the person (started, not finishing). Main thread. */
        fun isShown(): Boolean = shown?.get()?.let { it.started && !it.isFinishing } == true

        /** Finishes the warning screen if one is up (the person acted on another copy). Main thread. */
        fun finishShown() {
            shown?.get()?.finish()
            shown = null
        }
    }
}
