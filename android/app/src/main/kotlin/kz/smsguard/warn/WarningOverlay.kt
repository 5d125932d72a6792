package kz.smsguard.warn

import android.content.Context
import android.graphics.PixelFormat
import android.provider.Settings
import android.util.Log
import android.view.Gravity
import android.view.View
import android.view.WindowManager
import kz.smsguard.R

/**
 * The warning as a window over every app, the call screen included (TYPE_APPLICATION_OVERLAY,
 * "display over other apps"). One at a time: a newer warning replaces the one on screen. It stays
 * until the person taps a button. Main thread only.
 *
 * On a locked phone: a window that belongs to no activity is hidden while the keyguard shows
 * unless it carries FLAG_SHOW_WHEN_LOCKED, and even then only while the keyguard is occluded
 * (AOSP DisplayPolicy.shouldBeHiddenByKeyguard: `isKeyguardOccluded() && win.canShowWhenLocked()`;
 * WindowState.canShowWhenLocked() reads the flag for non-activity windows). The call screen of an
 * answered call occludes the keyguard, so this window shows over it; when nothing occludes the
 * keyguard, the notification's full-screen WarningActivity (showWhenLocked) is the path.
 * FLAG_TURN_SCREEN_ON wakes a dark screen for a non-activity window (WindowState.
 * prepareWindowToDisplayDuringRelayout: `mActivityRecord == null` may turn the screen on).
 * FLAG_SHOW_WHEN_LOCKED and FLAG_TURN_SCREEN_ON are deprecated for activities only (API 27,
 * Activity.setShowWhenLocked/setTurnScreenOn); a window has no other way to ask.
 */
internal object WarningOverlay {
    private var shown: View? = null

    /** Shows [warning]; false when the window cannot be added. */
    @Suppress("DEPRECATION") // FLAG_SHOW_WHEN_LOCKED / FLAG_TURN_SCREEN_ON: deprecated for activities, not windows.
    fun show(context: Context, warning: Warning): Boolean {
        val app = context.applicationContext
        // The older window goes first, whatever happens next: with the permission revoked Android
        // only hides it, and it would come back with the older warning's words if it were granted again.
        dismiss(app)
        if (!Settings.canDrawOverlays(app)) return false
        val windows = app.getSystemService(WindowManager::class.java) ?: return false
        val view = WarningView.create(app, warning) { WarningPresenter.dismiss(app) }
        val params = WindowManager.LayoutParams(
            WindowManager.LayoutParams.MATCH_PARENT,
            WindowManager.LayoutParams.WRAP_CONTENT,
            WindowManager.LayoutParams.TYPE_APPLICATION_OVERLAY,
            // Not focusable: the call screen keeps the keys (volume, power); the buttons still take taps.
            WindowManager.LayoutParams.FLAG_NOT_FOCUSABLE or WindowManager.LayoutParams.FLAG_LAYOUT_IN_SCREEN or
                WindowManager.LayoutParams.FLAG_SHOW_WHEN_LOCKED or
                WindowManager.LayoutParams.FLAG_TURN_SCREEN_ON,
            PixelFormat.TRANSLUCENT,
        ).apply {
            gravity = Gravity.CENTER
            // The window's title is what accessibility services and the window list name it by.
            title = AppLanguage.localized(app, AppLanguage.of(app)).getString(R.string.warning_title)
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
