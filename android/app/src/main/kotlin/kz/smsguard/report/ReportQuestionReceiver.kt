package kz.smsguard.report

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import kz.smsguard.guard.Guard

/**
 * The question's one tap: reports the number with the note filled in, off the main thread, and
 * says what it did in place of the question. Not exported: only our own PendingIntent reaches it.
 */
class ReportQuestionReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != ACTION_REPORT) return
        val number = intent.getStringExtra(EXTRA_NUMBER) ?: return
        val note = intent.getStringExtra(EXTRA_NOTE)
        val app = context.applicationContext
        val pending = goAsync()
        Guard.worker.execute {
            try {
                ReportQuestion.answered(app, number, Guard.reportAdd(app, number, note))
            } finally {
                pending?.finish()
            }
        }
    }

    internal companion object {
        const val ACTION_REPORT = "kz.smsguard.action.REPORT_CALLER"
        const val EXTRA_NUMBER = "kz.smsguard.extra.NUMBER"
        const val EXTRA_NOTE = "kz.smsguard.extra.NOTE"
    }
}
