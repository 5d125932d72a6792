package kz.smsguard.notify

import android.app.Notification
import android.app.Person
import android.content.Context
import android.net.Uri
import android.os.Build
import android.os.Handler
import android.os.Looper
import android.os.SystemClock
import kz.smsguard.calls.CallLedger
import kz.smsguard.calls.Contacts
import kz.smsguard.calls.LedgerCall
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Contact
import kz.smsguard.guard.Direction
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Phase
import kz.smsguard.warn.WarningPresenter

/**
 * Messenger calls seen through their notifications. WhatsApp and Telegram post one notification
 * while a call rings (CallStyle.forIncomingCall) or dials out, another once it is connected
 * (CallStyle.forOngoingCall), and remove them when it ends; this turns that sequence into the
 * core's call phases, one call per app at a time. The live call is kept in [CallLedger]: the
 * process may die between the ringing and the end.
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

    // Notification.EXTRA_CALL_TYPE / EXTRA_CALL_PERSON (API 31) and EXTRA_PEOPLE_LIST (API 28),
    // by their values: CallStyle writes them on every version the messengers run on.
    private const val EXTRA_CALL_TYPE = "android.callType"
    private const val EXTRA_CALL_PERSON = "android.callPerson"
    private const val EXTRA_PEOPLE_LIST = "android.people.list"
    private const val CALL_TYPE_INCOMING = 1
    private const val CALL_TYPE_ONGOING = 2
    private const val CALL_TYPE_SCREENING = 3

    enum class Kind { RINGING, CONNECTED }

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

    /**
     * A call notification of [pkg] was posted (or updated). A call first seen ringing is incoming;
     * one first seen as ongoing was dialled by the person (an outgoing call shows the ongoing style
     * from its first moment) and, like a cellular call dialled out, counts as connected at once.
     */
    @Synchronized
    fun posted(context: Context, pkg: String, key: String, notification: Notification) {
        val channel = CHANNELS[pkg] ?: return
        val kind = kindOf(notification) ?: return
        main.removeCallbacksAndMessages(token(pkg)) // a pending "ended" of this app is cancelled: the call goes on
        val ledger = CallLedger(context)
        val now = Guard.clock()
        val steps = mutableListOf<Pair<Phase, LedgerCall>>()
        var current = ledger.messengerCall(pkg)
        if (current != null && current.removedAt > 0 && now - current.removedAt > END_GRACE_MS) {
            // Removed long ago and the process died before its end was sent: that call is over.
            steps += Phase.ENDED to current
            current = null
        }
        val call = when {
            current == null && kind == Kind.RINGING -> caller(context, channel, notification, Direction.INCOMING, now).also { steps += Phase.START to it }
            current == null -> caller(context, channel, notification, Direction.OUTGOING, now).copy(answered = true).also {
                steps += Phase.START to it
                steps += Phase.ANSWERED to it
            }
            kind == Kind.CONNECTED && !current.answered -> current.copy(answered = true).also { steps += Phase.ANSWERED to it }
            else -> current
        }
        ledger.setMessengerCall(pkg, call.copy(key = key, removedAt = 0))
        send(context, steps, now)
    }

    /** A notification of [pkg] was removed; if it was the live call's, the call ends unless another follows. */
    @Synchronized
    fun removed(context: Context, pkg: String, key: String) {
        if (pkg !in CHANNELS) return
        val ledger = CallLedger(context)
        val call = ledger.messengerCall(pkg)?.takeIf { it.key == key } ?: return
        val removedAt = Guard.clock()
        ledger.setMessengerCall(pkg, call.copy(removedAt = removedAt))
        main.postAtTime({ end(context, pkg, key, removedAt) }, token(pkg), SystemClock.uptimeMillis() + END_GRACE_MS)
    }

    /**
     * Ends every messenger call whose notification went more than [END_GRACE_MS] ago: its end was
     * pending in a process that died. Called when the listener connects (a new process).
     */
    @Synchronized
    fun endStale(context: Context) {
        val ledger = CallLedger(context)
        val now = Guard.clock()
        for (pkg in CHANNELS.keys) {
            val call = ledger.messengerCall(pkg)?.takeIf { it.removedAt > 0 && now - it.removedAt > END_GRACE_MS } ?: continue
            ledger.setMessengerCall(pkg, null)
            send(context, listOf(Phase.ENDED to call), call.removedAt)
        }
    }

    /** Forgets pending ends, as a new process would (tests). */
    @Synchronized
    fun forget() {
        main.removeCallbacksAndMessages(null)
    }

    @Synchronized
    private fun end(context: Context, pkg: String, key: String, removedAt: Long) {
        val ledger = CallLedger(context)
        val call = ledger.messengerCall(pkg)?.takeIf { it.key == key && it.removedAt == removedAt } ?: return
        ledger.setMessengerCall(pkg, null)
        send(context, listOf(Phase.ENDED to call), removedAt)
    }

    /** Handler tokens compare by identity: always the same String instance per app. */
    private fun token(pkg: String): String = CHANNELS.keys.first { it == pkg }

    /**
     * Who is on the other side: the number in the CallStyle person's `tel:` URI
     * (Notification.EXTRA_CALL_PERSON, else EXTRA_PEOPLE_LIST), else a title made of digits. A
     * name alone is never a contact: the caller chose it, and a scammer can call himself "Mum"
     * or "Kaspi"; a number is looked up like a cellular caller's.
     */
    private fun caller(context: Context, channel: Channel, notification: Notification, direction: Direction, now: Long): LedgerCall {
        val title = notification.extras.getCharSequence(Notification.EXTRA_TITLE)?.toString()?.trim()
        val number = personNumber(notification) ?: title?.takeIf { looksLikeNumber(it) }
        val contact = if (number != null) Contacts.identity(context, number) else Contact.NO
        return LedgerCall(channel, number, contact, direction, now)
    }

    /** The number of the call's person, when the app gave it as a `tel:` URI (Person.getUri, API 28). */
    private fun personNumber(notification: Notification): String? {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.P) return null
        val extras = notification.extras
        val people = buildList {
            @Suppress("DEPRECATION")
            (extras.getParcelable<Person>(EXTRA_CALL_PERSON))?.let(::add)
            @Suppress("DEPRECATION")
            extras.getParcelableArrayList<Person>(EXTRA_PEOPLE_LIST)?.let(::addAll)
        }
        return people.firstNotNullOfOrNull { person ->
            val uri = person.uri?.let(Uri::parse) ?: return@firstNotNullOfOrNull null
            uri.schemeSpecificPart?.trim()?.takeIf { uri.scheme == "tel" && looksLikeNumber(it) }
        }
    }

    /** Digits and the usual separators, at least five digits, is a number (the core normalises it). */
    private fun looksLikeNumber(text: String): Boolean =
        text.count { it.isDigit() } >= 5 && text.all { it.isDigit() || it in "+-() \u00A0" }

    private fun send(context: Context, steps: List<Pair<Phase, LedgerCall>>, at: Long) {
        if (steps.isEmpty()) return
        val app = context.applicationContext
        Guard.worker.execute {
            for ((phase, call) in steps) {
                Guard.onCall(app, phase, call.number, call.direction, call.contact, call.channel, at)
                    ?.let { WarningPresenter.present(app, it) }
            }
        }
    }
}
