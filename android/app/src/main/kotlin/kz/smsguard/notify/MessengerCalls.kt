package kz.smsguard.notify

import android.app.Notification
import android.content.Context
import android.os.Handler
import android.os.Looper
import kz.smsguard.calls.CallLedger
import kz.smsguard.calls.Contacts
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Direction
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Phase
import kz.smsguard.warn.WarningPresenter

/**
 * Messenger calls seen through their notifications. WhatsApp and Telegram post one notification
 * while a call rings and another once it is connected, and remove them when it ends; this turns
 * that sequence into the core's call phases, one call per app at a time.
 */
internal object MessengerCalls {
    /** The apps whose calls we follow, and the channel the core knows them by. */
    val CHANNELS: Map<String, Channel> = mapOf(
        "com.whatsapp" to Channel.WHATSAPP,
        "com.whatsapp.w4b" to Channel.WHATSAPP,
        "org.telegram.messenger" to Channel.TELEGRAM,
        "org.telegram.messenger.web" to Channel.TELEGRAM,
    )

    /**
     * A removed call notification is often replaced at once (ringing → connected); the call only
     * counts as ended when no new one follows within this time.
     */
    const val END_GRACE_MS = 2_000L

    private const val EXTRA_CALL_TYPE = "android.callType" // Notification.EXTRA_CALL_TYPE, API 31
    private const val CALL_TYPE_INCOMING = 1
    private const val CALL_TYPE_ONGOING = 2
    private const val CALL_TYPE_SCREENING = 3

    enum class Kind { RINGING, CONNECTED }

    private class Live(val number: String?, val contact: Boolean, var answered: Boolean, var key: String)

    private val live = HashMap<String, Live>()
    private val main = Handler(Looper.getMainLooper())

    /** What a notification says about a call, or null when it is not a live call. */
    fun kindOf(notification: Notification): Kind? {
        if (notification.category != Notification.CATEGORY_CALL) return null
        return when (notification.extras.getInt(EXTRA_CALL_TYPE, 0)) {
            CALL_TYPE_INCOMING, CALL_TYPE_SCREENING -> Kind.RINGING
            CALL_TYPE_ONGOING -> Kind.CONNECTED
            // Older call notifications: a missed call can be dismissed, a live one cannot; a
            // ringing one wants the full screen.
            else -> when {
                notification.flags and Notification.FLAG_ONGOING_EVENT == 0 -> null
                notification.fullScreenIntent != null -> Kind.RINGING
                else -> Kind.CONNECTED
            }
        }
    }

    /** A call notification of [pkg] was posted (or updated). */
    @Synchronized
    fun posted(context: Context, pkg: String, key: String, notification: Notification) {
        val channel = CHANNELS[pkg] ?: return
        val kind = kindOf(notification) ?: return
        main.removeCallbacksAndMessages(token(pkg)) // a pending "ended" of this app is cancelled: the call goes on
        val now = Guard.clock()
        val current = live[pkg]
        val phases = when {
            current == null && kind == Kind.RINGING -> listOf(Phase.START)
            current == null -> listOf(Phase.START, Phase.ANSWERED)
            kind == Kind.CONNECTED && !current.answered -> listOf(Phase.ANSWERED)
            else -> emptyList()
        }
        val call = current ?: caller(context, notification).also { live[pkg] = it; CallLedger(context).rememberCaller(it.number, channel) }
        call.key = key
        if (kind == Kind.CONNECTED) call.answered = true
        send(context, phases, call, channel, now)
    }

    /** A notification of [pkg] was removed; if it was the live call's, the call ends unless another follows. */
    @Synchronized
    fun removed(context: Context, pkg: String, key: String) {
        val channel = CHANNELS[pkg] ?: return
        val call = live[pkg]?.takeIf { it.key == key } ?: return
        val endedAt = Guard.clock()
        main.postAtTime({ end(context, pkg, call, channel, endedAt) }, token(pkg), android.os.SystemClock.uptimeMillis() + END_GRACE_MS)
    }

    /** Forgets every live call, as a new process would (tests). */
    @Synchronized
    fun forget() {
        live.clear()
        main.removeCallbacksAndMessages(null)
    }

    @Synchronized
    private fun end(context: Context, pkg: String, call: Live, channel: Channel, at: Long) {
        if (live[pkg] !== call) return
        live.remove(pkg)
        send(context, listOf(Phase.ENDED), call, channel, at)
    }

    /** Handler tokens compare by identity: always the same String instance per app. */
    private fun token(pkg: String): String = CHANNELS.keys.first { it == pkg }

    /** Who is calling: a phone number when the app shows one, otherwise a name (a contact's, or not). */
    private fun caller(context: Context, notification: Notification): Live {
        val title = notification.extras.getCharSequence(Notification.EXTRA_TITLE)?.toString()?.trim()
        val number = title?.takeIf { looksLikeNumber(it) }
        val contact = if (number != null) Contacts.hasNumber(context, number) else Contacts.hasName(context, title)
        return Live(number, contact, answered = false, key = "")
    }

    /** A title made of digits and the usual separators is a number (the core normalises it). */
    private fun looksLikeNumber(title: String): Boolean =
        title.count { it.isDigit() } >= 5 && title.all { it.isDigit() || it in "+-() \u00A0" }

    private fun send(context: Context, phases: List<Phase>, call: Live, channel: Channel, at: Long) {
        if (phases.isEmpty()) return
        val app = context.applicationContext
        Guard.worker.execute {
            for (phase in phases) {
                Guard.onCall(app, phase, call.number, Direction.INCOMING, call.contact, channel, at)
                    ?.let { WarningPresenter.present(app, it) }
            }
        }
    }
}
