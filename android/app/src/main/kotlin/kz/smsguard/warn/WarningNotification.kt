package kz.smsguard.warn

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.util.Log
import kz.smsguard.R
import kz.smsguard.ui.WarningActivity

/**
 * The fallback when the overlay is not allowed: a heads-up notification on its own
 * high-importance channel, saying the same words. Tapping it opens the full warning.
 */
internal object WarningNotification {
    const val CHANNEL_ID = "warnings"
    const val NOTIFICATION_ID = 1

    fun ensureChannel(context: Context) {
        val manager = context.getSystemService(NotificationManager::class.java) ?: return
        val channel = NotificationChannel(CHANNEL_ID, context.getString(R.string.channel_warnings), NotificationManager.IMPORTANCE_HIGH)
        channel.description = context.getString(R.string.channel_warnings_description)
        channel.lockscreenVisibility = Notification.VISIBILITY_PUBLIC // the warning holds no secret
        manager.createNotificationChannel(channel)
    }

    fun show(context: Context, warning: Warning) {
        val app = context.applicationContext
        val manager = app.getSystemService(NotificationManager::class.java) ?: return
        ensureChannel(app)
        val lang = AppLanguage.of(app)
        val ui = AppLanguage.localized(app, lang)
        val text = warning.text(lang)
        val open = PendingIntent.getActivity(
            app, 0, WarningActivity.intent(app, warning),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val notification = Notification.Builder(app, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_shield)
            .setColor(app.getColor(R.color.warning_red))
            .setContentTitle(ui.getString(R.string.warning_title))
            .setContentText(text)
            .setStyle(Notification.BigTextStyle().bigText(text))
            .setCategory(Notification.CATEGORY_STATUS)
            .setVisibility(Notification.VISIBILITY_PUBLIC)
            .setContentIntent(open)
            .setAutoCancel(true)
            .build()
        try {
            manager.notify(NOTIFICATION_ID, notification)
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "notification refused: POST_NOTIFICATIONS not granted")
        }
    }
}
