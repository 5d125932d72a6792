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
    /** Inflates the warning in the app's language; [close] runs when the person is done with it. */
    fun create(context: Context, warning: Warning, close: () -> Unit): View {
        val lang = AppLanguage.of(context)
        val ui = AppLanguage.localized(context, lang)
        val view = LayoutInflater.from(ui).inflate(R.layout.warning, null)
        view.findViewById<TextView>(R.id.warning_level)!!.text = ui.getString(levelLabel(warning.level))
        view.findViewById<TextView>(R.id.warning_text)!!.text = warning.text(lang)
        view.findViewById<TextView>(R.id.warning_caller)!!.apply {
            visibility = if (warning.caller != null) View.VISIBLE else View.GONE
            text = warning.caller?.let { ui.getString(R.string.warning_caller, it) }
        }
        view.findViewById<Button>(R.id.warning_understood)!!.setOnClickListener { close() }
        view.findViewById<Button>(R.id.warning_report)!!.apply {
            visibility = if (warning.caller != null) View.VISIBLE else View.GONE
            setOnClickListener {
                warning.caller?.let { context.startActivity(ReportsActivity.intent(context, it)) }
                close()
            }
        }
        view.findViewById<Button>(R.id.warning_end_call)!!.apply {
            visibility = if (canEndCall(context, warning)) View.VISIBLE else View.GONE
            setOnClickListener {
                endCall(context)
                close()
            }
        }
        return view
    }

    private fun levelLabel(level: String): Int = when (level) {
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

    private fun endCall(context: Context) {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.P) return
        try {
            @Suppress("DEPRECATION")
            context.getSystemService(TelecomManager::class.java)?.endCall()
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "end call refused by the platform")
        }
    }
}
