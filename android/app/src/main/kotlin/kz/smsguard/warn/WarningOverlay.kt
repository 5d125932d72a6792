package kz.smsguard.warn

import android.content.Context
import android.graphics.PixelFormat
import android.provider.Settings
import android.util.Log
import android.view.Gravity
import android.view.View
import android.view.WindowManager

/**
 * The warning as a window over every app, the call screen included (TYPE_APPLICATION_OVERLAY,
 * "display over other apps"). One at a time: a newer warning replaces the one on screen. It stays
 * until the person taps a button. Main thread only.
 */
internal object WarningOverlay {
    private var shown: View? = null

    /** Shows [warning]; false when the window cannot be added, so the caller falls back to a notification. */
    fun show(context: Context, warning: Warning): Boolean {
        val app = context.applicationContext
        if (!Settings.canDrawOverlays(app)) return false
        val windows = app.getSystemService(WindowManager::class.java) ?: return false
        dismiss(app)
        val view = WarningView.create(app, warning) { dismiss(app) }
        val params = WindowManager.LayoutParams(
            WindowManager.LayoutParams.MATCH_PARENT,
            WindowManager.LayoutParams.WRAP_CONTENT,
            WindowManager.LayoutParams.TYPE_APPLICATION_OVERLAY,
            // Not focusable: the call screen keeps the keys (volume, power); the buttons still take taps.
            WindowManager.LayoutParams.FLAG_NOT_FOCUSABLE or WindowManager.LayoutParams.FLAG_LAYOUT_IN_SCREEN,
            PixelFormat.TRANSLUCENT,
        ).apply {
            gravity = Gravity.CENTER
            title = "SMS Guard warning"
        }
        return try {
            windows.addView(view, params)
            shown = view
            true
        } catch (e: RuntimeException) {
            // BadTokenException or SecurityException: the permission went away after the check.
            Log.w("SmsGuard", "overlay refused: ${e.javaClass.simpleName}")
            false
        }
    }

    fun dismiss(context: Context) {
        val view = shown ?: return
        shown = null
        try {
            context.applicationContext.getSystemService(WindowManager::class.java)?.removeView(view)
        } catch (e: IllegalArgumentException) {
            // Already gone with the old window session.
        }
    }

    /** The window on screen now, if any (status screen and tests). */
    val current: View? get() = shown

    /** Forgets the window, as a new process would (tests). */
    fun forget() {
        shown = null
    }
}
