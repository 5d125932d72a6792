package kz.smsguard.notify

import android.app.Notification
import android.content.ComponentName
import android.content.res.Resources
import android.os.Build
import android.provider.Telephony
import android.service.notification.NotificationListenerService
import android.service.notification.StatusBarNotification
import kz.smsguard.Preferences
import kz.smsguard.guard.Guard
import kz.smsguard.setup.SelfCheck
import kz.smsguard.warn.WarningPresenter

/**
 * Notification access, for two things Android gives no other way:
 * - WhatsApp, WhatsApp Business and Telegram calls, which never touch the phone's call state;
 * - on Android 15+, a code SMS the moment an SMS app (the default one, or one the person marked)
 *   shows it: for a listener the platform does not trust, NotificationManagerService replaces a
 *   sensitive notification's title with the app's name and its text with "Sensitive notification
 *   content hidden" (AOSP NotificationManagerService redactStatusBarNotification, android.R.string
 *   redacted_notification_message). That redaction is itself the sign of a one-time code; sender
 *   and text are unknown, so it becomes an SMS event with both null. It is sent even when the SMS
 *   receiver has SMS access: Android 17 holds a code SMS back from apps like this one for about
 *   3 hours, and the notification is then the only live signal. The core joins the notification
 *   and the SMS when both come, so one message never warns twice.
 * Notification texts are never logged or stored.
 */
class NotificationWatcher : NotificationListenerService() {
    /** Redacted SMS notifications already handled, by key and `when` (an update re-posts the same one). */
    private val seenRedacted = LinkedHashSet<String>()

    override fun onNotificationPosted(sbn: StatusBarNotification) = onNotificationPosted(sbn, null)

    override fun onNotificationPosted(sbn: StatusBarNotification, rankingMap: RankingMap?) {
        val pkg = sbn.packageName ?: return
        if (pkg in MessengerCalls.CHANNELS) {
            MessengerCalls.posted(this, pkg, sbn.key, sbn.notification)
        } else if (isHiddenCodeSms(sbn, rankingMap)) {
            // The title is the SMS app's name here, never the sender: it is not passed on. An
            // update of the same notification keeps its `when` (the message's time); a new
            // message in it changes it.
            if (!seenRedacted.add("${sbn.key}@${sbn.notification.`when`}")) return
            if (seenRedacted.size > 64) seenRedacted.remove(seenRedacted.first())
            val app = applicationContext
            val at = Guard.clock()
            Guard.worker.execute { Guard.onSms(app, null, null, 0L, at)?.let { WarningPresenter.present(app, it) } }
        }
    }

    override fun onListenerConnected() {
        ListenerState.set(this, true)
        MessengerCalls.endStale(this)
        SelfCheck.runSoon(this)
    }

    /**
     * Android unbound us (process killed, app updated, or the vendor's power manager): ask to be
     * bound again (NotificationListenerService.requestRebind, API 24) and let the self-check tell
     * the person until the connection is back.
     */
    override fun onListenerDisconnected() {
        ListenerState.set(this, false)
        requestRebind(ComponentName(this, NotificationWatcher::class.java))
        SelfCheck.runSoon(this)
    }

    override fun onNotificationRemoved(sbn: StatusBarNotification) {
        val pkg = sbn.packageName ?: return
        if (pkg in MessengerCalls.CHANNELS) MessengerCalls.removed(this, pkg, sbn.key)
    }

    /**
     * A notification of an SMS app whose content Android hid from us (Android 15+): the default
     * SMS app, or one the person marked as theirs ([Preferences.smsApps]) — many read SMS in a
     * second app (a vendor's Messages, Google Messages) that is not the default.
     */
    private fun isHiddenCodeSms(sbn: StatusBarNotification, rankingMap: RankingMap?): Boolean {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.VANILLA_ICE_CREAM) return false
        val pkg = sbn.packageName
        if (pkg != Telephony.Sms.getDefaultSmsPackage(this) && pkg !in Preferences.smsApps(this)) return false
        return rankedSensitive(sbn.key, rankingMap) || showsRedactionText(sbn.notification)
    }

    /** Ranking.hasSensitiveContent() (API 35), looked up by name so older SDK stubs still compile. */
    private fun rankedSensitive(key: String, rankingMap: RankingMap?): Boolean {
        if (rankingMap == null) return false
        val ranking = Ranking()
        if (!rankingMap.getRanking(key, ranking)) return false
        return try {
            Ranking::class.java.getMethod("hasSensitiveContent").invoke(ranking) == true
        } catch (e: ReflectiveOperationException) {
            false
        }
    }

    /** The text Android puts in place of hidden content, in the phone's language. */
    private fun showsRedactionText(notification: Notification): Boolean {
        val id = Resources.getSystem().getIdentifier("redacted_notification_message", "string", "android")
        if (id == 0) return false
        val hidden = Resources.getSystem().getString(id)
        val text = notification.extras.getCharSequence(Notification.EXTRA_TEXT)?.toString()
        return text != null && text == hidden
    }
}
