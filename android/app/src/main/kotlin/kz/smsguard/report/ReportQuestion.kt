package kz.smsguard.report

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.util.Log
import kz.smsguard.R
import kz.smsguard.ui.ReportsActivity
import kz.smsguard.warn.AppLanguage

/**
 * After a stranger's call during which a code arrived, one question: "Did this caller ask for a
 * code?" — "Report the number" reports it at once with the core's note filled in
 * ([ReportQuestionReceiver]); tapping the question opens the report screen with both filled in,
 * to change the note first. One question per number (tagged by it); a newer one replaces it.
 *
 * Its own channel at IMPORTANCE_HIGH, so it shows as a heads-up right after the call, while the
 * person still remembers what the caller said. Private on the lock screen: it names the number.
 */
internal object ReportQuestion {
    const val CHANNEL_ID = "after_call"
    const val NOTIFICATION_ID = 3

    fun post(context: Context, ask: AskReport) {
        val app = context.applicationContext
        val manager = app.getSystemService(NotificationManager::class.java) ?: return
        val lang = AppLanguage.of(app)
        val ui = AppLanguage.localized(app, lang)
        ensureChannel(app, manager, ui)
        val note = ask.note(lang)
        val request = ask.number.hashCode()
        val report = Intent(app, ReportQuestionReceiver::class.java)
            .setAction(ReportQuestionReceiver.ACTION_REPORT)
            .putExtra(ReportQuestionReceiver.EXTRA_NUMBER, ask.number)
            .putExtra(ReportQuestionReceiver.EXTRA_NOTE, note)
        val edit = ReportsActivity.intent(app, ask.number).putExtra(ReportsActivity.EXTRA_NOTE, note)
        val title = ui.getString(R.string.question_title)
        val text = ui.getString(R.string.question_text, ask.number)
        val notification = Notification.Builder(app, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_shield)
            .setColor(app.getColor(R.color.warning_red))
            .setContentTitle(title)
            .setContentText(text)
            .setStyle(Notification.BigTextStyle().bigText(text))
            .setCategory(Notification.CATEGORY_RECOMMENDATION)
            .setVisibility(Notification.VISIBILITY_PRIVATE)
            .setPublicVersion(
                Notification.Builder(app, CHANNEL_ID)
                    .setSmallIcon(R.drawable.ic_shield)
                    .setContentTitle(title)
                    .build(),
            )
            .setAutoCancel(true)
            .setContentIntent(PendingIntent.getActivity(app, request, edit, FLAGS))
            .addAction(
                Notification.Action.Builder(null, ui.getString(R.string.question_report), PendingIntent.getBroadcast(app, request, report, FLAGS)).build(),
            )
            .build()
        try {
            manager.notify(ask.number, NOTIFICATION_ID, notification)
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "question not posted: POST_NOTIFICATIONS not granted")
        }
    }

    /** Replaces the question about [number] by what its one tap did. */
    fun answered(context: Context, number: String, reported: Boolean) {
        val app = context.applicationContext
        val manager = app.getSystemService(NotificationManager::class.java) ?: return
        val ui = AppLanguage.localized(app, AppLanguage.of(app))
        ensureChannel(app, manager, ui)
        val text = ui.getString(if (reported) R.string.question_reported else R.string.question_not_reported, number)
        val notification = Notification.Builder(app, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_shield)
            .setContentTitle(text)
            .setVisibility(Notification.VISIBILITY_PRIVATE)
            .setOnlyAlertOnce(true)
            .setAutoCancel(true)
            .setTimeoutAfter(if (reported) 10_000 else 0)
            .setContentIntent(PendingIntent.getActivity(app, number.hashCode(), ReportsActivity.intent(app, if (reported) null else number), FLAGS))
            .build()
        try {
            manager.notify(number, NOTIFICATION_ID, notification)
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "answer not posted: POST_NOTIFICATIONS not granted")
        }
    }

    private fun ensureChannel(app: Context, manager: NotificationManager, ui: Context) {
        val channel = NotificationChannel(CHANNEL_ID, ui.getString(R.string.channel_after_call), NotificationManager.IMPORTANCE_HIGH)
        channel.description = ui.getString(R.string.channel_after_call_description)
        manager.createNotificationChannel(channel)
    }

    private const val FLAGS = PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT
}
