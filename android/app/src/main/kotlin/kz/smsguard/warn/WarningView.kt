package kz.smsguard.warn

import android.Manifest
import android.content.Context
import android.os.Build
import android.telecom.TelecomManager
import android.util.Log
import android.view.LayoutInflater
import android.view.View
import android.widget.Button
import android.widget.TextView
import kz.smsguard.R
import kz.smsguard.calls.CellularCalls
import kz.smsguard.calls.Contacts
import kz.smsguard.guard.Channel
import kz.smsguard.ui.ReportsActivity

/**
 * Builds the warning's view, shared by the overlay window, the activity behind the notification
 * and the pictures in docs/: the same pixels everywhere.
 */
internal object WarningView {
    /**
     * Inflates the warning in the app's language. [close] runs when the person is done with it
     * ("I understand", "End call" or "Report"); the caller then takes down every copy of the
     * warning (overlay, notification, activity) through [WarningPresenter.dismiss].
     */
    fun create(context: Context, warning: Warning, close: () -> Unit): View {
        val lang = AppLanguage.of(context)
        val ui = AppLanguage.localized(context, lang)
        val view = LayoutInflater.from(ui).inflate(R.layout.warning, null)
        // TalkBack announces a pane by its title when it appears (View.setAccessibilityPaneTitle,
        // API 28; the attribute exists from API 28 too). Below 28 the headline's live region speaks.
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) view.accessibilityPaneTitle = ui.getString(R.string.warning_title)
        view.findViewById<TextView>(R.id.warning_level)!!.text = warning.levelName(lang) ?: ui.getString(levelLabel(warning.level))
        view.findViewById<TextView>(R.id.warning_headline)!!.text = warning.headline(lang) ?: ui.getString(R.string.warning_title)
        view.findViewById<TextView>(R.id.warning_text)!!.text = warning.text(lang)
        view.findViewById<TextView>(R.id.warning_caller)!!.apply {
            visibility = if (warning.caller != null) View.VISIBLE else View.GONE
            text = warning.caller?.let { ui.getString(R.string.warning_caller, it) }
        }
        view.findViewById<Button>(R.id.warning_end_call)!!.apply {
            visibility = if (canEndCall(context, warning)) View.VISIBLE else View.GONE
            // With a second call up, Telecom ends the active one (endCall works on the foreground
            // call, and an active call is foreground before a ringing or held one: AOSP
            // TelecomServiceImpl.endCallInternal, CallsManager.updateForegroundCall); the button says so.
            if (CellularCalls.callsUp(context) > 1) setText(ui.getString(R.string.action_end_active_call))
            setOnClickListener {
                // Only a call that really ended takes the warning down: otherwise the caller may
                // still be on the line, and the person is still reading the code.
                if (endCall(context)) {
                    close()
                } else {
                    visibility = View.GONE
                }
            }
        }
        view.findViewById<Button>(R.id.warning_report)!!.apply {
            visibility = if (warning.caller != null) View.VISIBLE else View.GONE
            setOnClickListener {
                warning.caller?.let { context.startActivity(ReportsActivity.intent(context, it)) }
                close()
            }
        }
        view.findViewById<Button>(R.id.warning_understood)!!.apply {
            setOnClickListener { if (isEnabled) close() }
            hold(this, ui, warning.holdSeconds)
        }
        return view
    }

    /**
     * Keeps "I understand" locked for [seconds], counting down on the button itself, so the
     * headline is read before the warning can be waved away. The view's own handler runs the
     * count, so it stops with the window.
     */
    private fun hold(button: Button, ui: Context, seconds: Int) {
        if (seconds <= 0) return
        var left = seconds
        button.isEnabled = false
        button.alpha = LOCKED_ALPHA
        button.text = ui.getString(R.string.action_understood_wait, left)
        val tick = object : Runnable {
            override fun run() {
                left -= 1
                if (left > 0) {
                    button.text = ui.getString(R.string.action_understood_wait, left)
                    button.postDelayed(this, 1_000)
                } else {
                    button.text = ui.getString(R.string.action_understood)
                    button.alpha = 1f
                    button.isEnabled = true
                }
            }
        }
        button.postDelayed(tick, 1_000)
    }

    /** The level's name on screen (the warning's badge, the history's rows). */
    fun levelLabel(level: String): Int = when (level) {
        "critical" -> R.string.level_critical
        "high" -> R.string.level_high
        "medium" -> R.string.level_medium
        else -> R.string.level_low
    }

    /**
     * Android lets an app end a call only from API 28, with ANSWER_PHONE_CALLS, and only a
     * cellular call: a WhatsApp or Telegram call must be ended in its own app.
     */
    fun canEndCall(context: Context, warning: Warning): Boolean =
        Build.VERSION.SDK_INT >= Build.VERSION_CODES.P &&
            warning.channel == Channel.CELLULAR &&
            Contacts.granted(context, Manifest.permission.ANSWER_PHONE_CALLS) &&
            CellularCalls.inCall(context)

    /**
     * Asks Android to end the call; true when it did. Telecom answers false when there is no call
     * to end or it is an emergency call (TelecomServiceImpl.endCallInternal), true once it has
     * rejected or disconnected the call.
     */
    private fun endCall(context: Context): Boolean {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.P) return false
        return try {
            @Suppress("DEPRECATION")
            context.getSystemService(TelecomManager::class.java)?.endCall() == true
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "end call refused by the platform")
            false
        }
    }

    private const val LOCKED_ALPHA = 0.55f
}
