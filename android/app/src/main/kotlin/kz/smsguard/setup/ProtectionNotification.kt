package kz.smsguard.setup

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.util.Log
import kz.smsguard.R
import kz.smsguard.ui.MainActivity
import kz.smsguard.warn.AppLanguage

/**
 * "SMS Guard is not protecting you: …" — a persistent notification on its own channel, naming
 * the first broken thing and how to fix it; tapping it opens the status screen with the whole
 * list. Ongoing, so it stays until the problem is fixed (Android 14+ lets a person swipe even
 * ongoing notifications away; the next check posts it again).
 */
internal object ProtectionNotification {
    const val CHANNEL_ID = "protection"
    const val NOTIFICATION_ID = 2

    fun show(context: Context, problems: List<Check>) {
        val first = problems.firstOrNull() ?: return cancel(context)
        val manager = context.getSystemService(NotificationManager::class.java) ?: return
        val ui = AppLanguage.localized(context, AppLanguage.of(context))
        manager.createNotificationChannel(
            NotificationChannel(CHANNEL_ID, ui.getString(R.string.channel_protection), NotificationManager.IMPORTANCE_DEFAULT).apply {
                description = ui.getString(R.string.channel_protection_description)
            },
        )
        val title = ui.getString(R.string.protection_off, ui.getString(first.title))
        val text = buildString {
            append(ui.getString(first.why))
            if (problems.size > 1) append(' ').append(ui.getString(R.string.protection_off_more, problems.size - 1))
        }
        val open = PendingIntent.getActivity(
            context, 0,
            Intent(context, MainActivity::class.java).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_CLEAR_TOP),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val notification = Notification.Builder(context, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_shield)
            .setColor(context.getColor(R.color.warning_red))
            .setContentTitle(title)
            .setContentText(text)
            .setStyle(Notification.BigTextStyle().bigText(text))
            .setCategory(Notification.CATEGORY_ERROR)
            .setVisibility(Notification.VISIBILITY_PUBLIC)
            .setOngoing(true)
            .setOnlyAlertOnce(true)
            .setContentIntent(open)
            .build()
        try {
            manager.notify(NOTIFICATION_ID, notification)
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "protection notification refused: POST_NOTIFICATIONS not granted")
        }
    }

    fun cancel(context: Context) {
        context.getSystemService(NotificationManager::class.java)?.cancel(NOTIFICATION_ID)
    }
}
