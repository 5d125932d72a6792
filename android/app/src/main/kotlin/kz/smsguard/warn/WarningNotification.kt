package kz.smsguard.warn

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.os.Handler
import android.os.Looper
import android.util.Log
import kz.smsguard.R
import kz.smsguard.setup.Checklist
import kz.smsguard.ui.ReportsActivity
import kz.smsguard.ui.WarningActivity

/**
 * The warning as a heads-up notification, posted with every warning, whether or not the overlay
 * could be shown: a window can be hidden (keyguard not occluded, permission revoked a second ago,
 * a vendor blocking pop-ups) while `addView` still succeeds, so the notification is never left to
 * the overlay's failure.
 *
 * - Its own channel at IMPORTANCE_HIGH: SystemUI shows no heads-up below it (AOSP SystemUI
 *   NotificationInterruptStateProviderImpl: "No heads up: unimportant notification" when
 *   `getImportance() < IMPORTANCE_HIGH`), and none while the screen is off ("not in use"), where
 *   the full-screen intent below takes over. Sound and vibration come from [Alerting] instead,
 *   because the platform mutes notification effects during a call (see there).
 * - Full text (BigTextStyle), public on the lock screen: the warning holds no secret.
 * - Actions "Report this number" (when the caller is known) and "I understand"; for high and
 *   critical warnings "I understand" is added only after the core's hold, like the window's button.
 * - For high and critical, a full-screen intent to [WarningActivity]: SystemUI launches it instead of a heads-up when the
 *   device is not interactive or the keyguard is showing (that is where the overlay may be hidden);
 *   on Android 14+ only while USE_FULL_SCREEN_INTENT is granted (NotificationManager.
 *   canUseFullScreenIntent). It is granted at install by default; Google Play revokes it at
 *   install for apps without calling or alarm features, so an install from the store needs the
 *   person to allow it (the checklist's "Warning over the lock screen"), while an install from a
 *   file keeps it. Without it, NotificationManagerService marks the notification
 *   FLAG_FSI_REQUESTED_BUT_DENIED and SystemUI shows a heads-up for 60 s instead of the screen,
 *   on the lock screen too (source.android.com/docs/core/permissions/fsi-limits, its table of
 *   permission and screen states).
 */
internal object WarningNotification {
    const val CHANNEL_ID = "warnings"
    const val NOTIFICATION_ID = 1

    private val main = Handler(Looper.getMainLooper())

    fun ensureChannel(context: Context) {
        val manager = context.getSystemService(NotificationManager::class.java) ?: return
        val channel = NotificationChannel(CHANNEL_ID, context.getString(R.string.channel_warnings), NotificationManager.IMPORTANCE_HIGH)
        channel.description = context.getString(R.string.channel_warnings_description)
        channel.lockscreenVisibility = Notification.VISIBILITY_PUBLIC // the warning holds no secret
        // Silent channel: Alerting plays the level's own pattern, which the platform would not in a call.
        channel.setSound(null, null)
        channel.enableVibration(false)
        manager.createNotificationChannel(channel)
    }

    /** Posts [warning]; false when Android will not show it (notifications off or not allowed, or the channel blocked). */
    fun show(context: Context, warning: Warning): Boolean {
        val app = context.applicationContext
        main.removeCallbacksAndMessages(TOKEN)
        val handed = post(app, warning, understood = !warning.urgent || warning.holdSeconds <= 0)
        if (handed && warning.urgent && warning.holdSeconds > 0) {
            main.postAtTime(
                { post(app, warning, understood = true) },
                TOKEN,
                android.os.SystemClock.uptimeMillis() + warning.holdSeconds * 1_000L,
            )
        }
        // notify() succeeds into a blocked channel or with notifications off: "posted" means seen.
        return handed && Checklist.notificationsWork(app)
    }

    fun cancel(context: Context) {
        main.removeCallbacksAndMessages(TOKEN)
        context.applicationContext.getSystemService(NotificationManager::class.java)?.cancel(NOTIFICATION_ID)
    }

    private fun post(app: Context, warning: Warning, understood: Boolean): Boolean {
        val manager = app.getSystemService(NotificationManager::class.java) ?: return false
        ensureChannel(app)
        val lang = AppLanguage.of(app)
        val ui = AppLanguage.localized(app, lang)
        val text = warning.text(lang)
        val open = PendingIntent.getActivity(app, REQUEST_OPEN, WarningActivity.intent(app, warning), FLAGS)
        val builder = Notification.Builder(app, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_shield)
            .setColor(app.getColor(R.color.warning_red))
            .setContentTitle(warning.headline(lang) ?: ui.getString(R.string.warning_title))
            .setContentText(text)
            .setStyle(Notification.BigTextStyle().bigText(text))
            .setCategory(Notification.CATEGORY_STATUS)
            .setVisibility(Notification.VISIBILITY_PUBLIC)
            .setContentIntent(open)
            .setOnlyAlertOnce(true)
            .setAutoCancel(true)
        // Full screen only for high and critical: a lower warning (a code while a call still
        // rings, or minutes after one) must not cover the incoming-call screen or the lock screen.
        if (warning.urgent) builder.setFullScreenIntent(open, true)
        warning.caller?.let { number ->
            val report = ReportsActivity.intent(app, number).putExtra(ReportsActivity.EXTRA_FROM_WARNING, true)
            builder.addAction(
                Notification.Action.Builder(null, ui.getString(R.string.action_report), PendingIntent.getActivity(app, REQUEST_REPORT, report, FLAGS)).build(),
            )
        }
        if (understood) {
            val intent = Intent(app, WarningActionReceiver::class.java).setAction(WarningActionReceiver.ACTION_UNDERSTOOD)
            builder.addAction(
                Notification.Action.Builder(null, ui.getString(R.string.action_understood), PendingIntent.getBroadcast(app, REQUEST_UNDERSTOOD, intent, FLAGS)).build(),
            )
        }
        return try {
            manager.notify(NOTIFICATION_ID, builder.build())
            true
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "notification refused: POST_NOTIFICATIONS not granted")
            false
        }
    }

    private const val REQUEST_OPEN = 0
    private const val REQUEST_REPORT = 1
    private const val REQUEST_UNDERSTOOD = 2
    private const val FLAGS = PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT

    /** Handler token for the delayed re-post; compared by identity. */
    private val TOKEN = Any()
}
