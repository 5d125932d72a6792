package kz.smsguard.warn

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent

/**
 * The warning notification's "I understand" action. Not exported: only our own PendingIntent
 * reaches it. It takes down every copy of the warning, as the window's button does.
 */
class WarningActionReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action == ACTION_UNDERSTOOD) WarningPresenter.dismiss(context)
    }

    internal companion object {
        const val ACTION_UNDERSTOOD = "kz.smsguard.action.WARNING_UNDERSTOOD"
    }
}
