package kz.smsguard.trusted

import android.Manifest
import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.os.Build
import android.telephony.SmsManager
import android.telephony.SubscriptionManager
import android.util.Log
import kz.smsguard.Preferences
import kz.smsguard.R
import kz.smsguard.calls.Contacts
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Verdict
import kz.smsguard.warn.AppLanguage

/**
 * The person's trusted contact: on a critical warning (or a high one, if the person chose so) the
 * app prepares an SMS to them in the language the person picked — "[name] may be talking to a
 * scammer right now: …", the core's words (verdict `warning.trusted`), never the code.
 *
 * It is sent at once only when the person switched that on and granted SEND_SMS; otherwise a
 * notification opens the SMS app with the message ready (ACTION_SENDTO, which needs no
 * permission), one tap from sent. At most one message per [QUIET_MS]: one scam is one alert, not
 * one per code.
 */
internal object TrustedPerson {
    /** The chosen contact and how to tell them. */
    data class Choice(
        val name: String,
        val number: String,
        /** The person's own name, for `{name}` in the message; blank: the app's words for "the owner of this phone". */
        val ownName: String,
        /** `kk`, `ru` or `en`: the language of the message. */
        val lang: String,
        /** Also on high warnings, not only on critical ones. */
        val alsoHigh: Boolean,
        /** Send without asking (needs SEND_SMS). */
        val autoSend: Boolean,
    )

    const val CHANNEL_ID = "trusted"
    const val NOTIFICATION_ID = 4

    /** No second message within 15 minutes of the last: the scam of one call is one alert. */
    const val QUIET_MS = 15 * 60 * 1000L

    private const val NAME = "trusted_name"
    private const val NUMBER = "trusted_number"
    private const val OWN_NAME = "trusted_own_name"
    private const val LANG = "trusted_lang"
    private const val ALSO_HIGH = "trusted_also_high"
    private const val AUTO_SEND = "trusted_auto_send"

    /** When the last message was prepared; about an event, so kept apart from the settings that move to a new phone. */
    private const val STATE_FILE = "trusted_state"
    private const val LAST_AT = "last_at"

    private fun prefs(context: Context) = context.getSharedPreferences(Preferences.FILE, Context.MODE_PRIVATE)

    fun choice(context: Context): Choice? {
        val p = prefs(context)
        val number = p.getString(NUMBER, null)?.takeIf { it.isNotBlank() } ?: return null
        return Choice(
            name = p.getString(NAME, null).orEmpty().ifBlank { number },
            number = number,
            ownName = p.getString(OWN_NAME, null).orEmpty(),
            lang = p.getString(LANG, null)?.takeIf { it in LANGUAGES } ?: AppLanguage.of(context),
            alsoHigh = p.getBoolean(ALSO_HIGH, false),
            autoSend = p.getBoolean(AUTO_SEND, false),
        )
    }

    fun save(context: Context, choice: Choice) {
        prefs(context).edit()
            .putString(NAME, choice.name.trim())
            .putString(NUMBER, choice.number.trim())
            .putString(OWN_NAME, choice.ownName.trim())
            .putString(LANG, choice.lang)
            .putBoolean(ALSO_HIGH, choice.alsoHigh)
            .putBoolean(AUTO_SEND, choice.autoSend)
            .commit()
    }

    fun clear(context: Context) {
        prefs(context).edit().remove(NAME).remove(NUMBER).remove(OWN_NAME).remove(LANG).remove(ALSO_HIGH).remove(AUTO_SEND).commit()
    }

    /** Whether a warning at [level] calls for the message under [choice]. */
    fun due(choice: Choice, level: String): Boolean = level == "critical" || (choice.alsoHigh && level == "high")

    /**
     * The message for [verdict] in the chosen language, `{name}` filled in; null when the verdict
     * carries none (levels below high, or an older core).
     */
    fun message(context: Context, choice: Choice, verdict: Verdict): String? {
        val template = verdict.trusted[choice.lang] ?: verdict.trusted["ru"] ?: verdict.trusted.values.firstOrNull() ?: return null
        val name = choice.ownName.ifBlank { AppLanguage.localized(context, choice.lang).getString(R.string.trusted_default_name) }
        return template.replace("{name}", name)
    }

    /**
     * The SMS app, opened on a message to [number] holding [text], ready to send: ACTION_SENDTO
     * with an `smsto:` URI reaches only SMS apps, and they read the text from the `sms_body` extra
     * (developer.android.com/guide/components/intents-common, "Compose an SMS"). Needs no permission.
     */
    fun composeIntent(number: String, text: String): Intent =
        Intent(Intent.ACTION_SENDTO, Uri.fromParts("smsto", number, null))
            .putExtra("sms_body", text)
            .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)

    /** A warning was shown: tells the trusted contact when it is due. Any thread. */
    fun onWarning(context: Context, verdict: Verdict) {
        val app = context.applicationContext
        val choice = choice(app) ?: return
        if (!due(choice, verdict.level)) return
        val text = message(app, choice, verdict) ?: return
        val state = app.getSharedPreferences(STATE_FILE, Context.MODE_PRIVATE)
        val now = Guard.clock()
        val last = state.getLong(LAST_AT, 0L)
        if (last > 0 && now - last in 0 until QUIET_MS) return
        state.edit().putLong(LAST_AT, now).commit()
        val sent = choice.autoSend && Contacts.granted(app, Manifest.permission.SEND_SMS) && send(app, choice.number, text)
        notify(app, choice, text, sent)
    }

    /**
     * Sends [text] to [number] as one SMS or a multipart one, from the default SMS SIM; false when
     * there is none or Android refused, and then the person sends it from the SMS app instead.
     *
     * Through a manager for a concrete subscription, never the default one: for that, AOSP's
     * `SmsManager.getSubscriptionId()` asks the telephony "isms" service for the preferred SIM —
     * on a multi-SIM phone set to "ask every time" it opens the SIM picker over whatever is on
     * screen (the warning), and on a device without telephony `getISmsServiceOrThrow()` throws
     * UnsupportedOperationException("Sms is not supported"), which `divideMessage` reaches too
     * (frameworks/base telephony/java/android/telephony/SmsManager.java).
     */
    private fun send(context: Context, number: String, text: String): Boolean = try {
        val subscription = SubscriptionManager.getDefaultSmsSubscriptionId()
        if (subscription == SubscriptionManager.INVALID_SUBSCRIPTION_ID) {
            false
        } else {
            val sms = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
                context.getSystemService(SmsManager::class.java).createForSubscriptionId(subscription)
            } else {
                @Suppress("DEPRECATION")
                SmsManager.getSmsManagerForSubscriptionId(subscription)
            }
            sms.sendMultipartTextMessage(number, null, sms.divideMessage(text), null, null)
            true
        }
    } catch (e: RuntimeException) {
        // No SIM, airplane mode, the permission revoked a moment ago: the person sends it instead.
        Log.w("SmsGuard", "trusted message not sent: ${e.javaClass.simpleName}")
        false
    }

    /**
     * Says what was done: "Sent to …", or "Tell …?" with the SMS app one tap away. Never over the
     * warning itself: a notification, not a screen, so the warning stays in front.
     */
    private fun notify(app: Context, choice: Choice, text: String, sent: Boolean) {
        val manager = app.getSystemService(NotificationManager::class.java) ?: return
        val ui = AppLanguage.localized(app, AppLanguage.of(app))
        val channel = NotificationChannel(CHANNEL_ID, ui.getString(R.string.channel_trusted), NotificationManager.IMPORTANCE_HIGH)
        channel.description = ui.getString(R.string.channel_trusted_description)
        manager.createNotificationChannel(channel)
        val compose = PendingIntent.getActivity(
            app, 0, composeIntent(choice.number, text), PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val title = ui.getString(if (sent) R.string.trusted_sent else R.string.trusted_prompt, choice.name)
        val builder = Notification.Builder(app, CHANNEL_ID)
            .setSmallIcon(R.drawable.ic_shield)
            .setColor(app.getColor(R.color.warning_red))
            .setContentTitle(title)
            .setContentText(text)
            .setStyle(Notification.BigTextStyle().bigText(text))
            .setCategory(Notification.CATEGORY_MESSAGE)
            .setVisibility(Notification.VISIBILITY_PRIVATE)
            .setAutoCancel(true)
        if (!sent) {
            builder.setContentIntent(compose)
            builder.addAction(Notification.Action.Builder(null, ui.getString(R.string.trusted_open_message), compose).build())
        }
        try {
            manager.notify(NOTIFICATION_ID, builder.build())
        } catch (e: SecurityException) {
            Log.w("SmsGuard", "trusted notification refused: POST_NOTIFICATIONS not granted")
        }
    }

    val LANGUAGES = listOf("kk", "ru", "en")
}
