package kz.smsguard.calls

import android.content.Context
import android.telephony.TelephonyManager
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Contact
import kz.smsguard.guard.Direction
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Phase
import kz.smsguard.warn.WarningPresenter

/**
 * Turns Android's cellular call states (idle, ringing, off-hook) into the core's call phases, one
 * call at a time even when two are up.
 *
 * The state is the phone's, not a call's: Telecom's PhoneStateBroadcaster reports RINGING while
 * any call rings, else OFFHOOK while any is dialling, active or on hold, else IDLE, and only when
 * that summary changes (AOSP packages/services/Telecomm PhoneStateBroadcaster.updateStates). So:
 * - RINGING after OFFHOOK is a second call waiting: it reaches the core as a call of its own;
 * - RINGING → OFFHOOK is "the ringing call was answered". For a waiting call Android sends the
 *   same change when the person declines it or its caller gives up, and nothing tells them apart
 *   without the call log: it counts as answered, the side that warns rather than misses;
 * - IDLE ends every call the ledger holds (calls that ended earlier never got a broadcast).
 *
 * Two sources report the same changes (the PHONE_STATE broadcast, which reaches a dead process,
 * and the in-process [CallStateWatcher]); a state equal to the last one is ignored, so each
 * change reaches the core once. The calls live in [CallLedger], on disk.
 */
internal object CellularCalls {
    /** How long after the screening service saw a call its ringing or dialling still belongs to that call. */
    private const val SCREENED_CALL_MS = 60_000L

    /**
     * The screening service was shown a call from (or, API 29+, to) a number that is not a contact.
     * An incoming call starts now (a reported caller must be known while it rings); an outgoing one
     * waits for its off-hook, or, when that came first, gives the call the core already knows its number.
     */
    fun onScreened(context: Context, call: LedgerCall, done: () -> Unit = {}) = synchronized(this) {
        val ledger = CallLedger(context)
        if (call.direction == Direction.INCOMING) {
            ledger.screened = call
            return send(context, listOf(Step(Phase.START, call, call.startedAt)), done)
        }
        val numbered = renumbered(ledger, call.direction, call.number, call.contact, call.startedAt)
        if (numbered != null) return send(context, numbered, done)
        ledger.screened = call
        done()
    }

    /**
     * A new cellular state; [platformNumber] is the number Android attached (only with the call
     * log). With READ_CALL_LOG, Android 9+ sends each PHONE_STATE broadcast twice, once with the
     * number and once without (TelephonyManager.EXTRA_INCOMING_NUMBER), in either order: a repeat
     * that brings the number gives it to the call taken from the blank one.
     */
    @Synchronized
    fun onState(context: Context, state: Int, platformNumber: String?, done: () -> Unit = {}) {
        val ledger = CallLedger(context)
        val previous = ledger.cellState
        val now = Guard.clock()
        val number = platformNumber?.takeIf { it.isNotBlank() }
        if (state == previous) {
            // Ringing is an incoming call's; off-hook may be either (dialled, or answered).
            val direction = if (state == TelephonyManager.CALL_STATE_RINGING) Direction.INCOMING else null
            val numbered = number?.let { renumbered(ledger, direction, it, Contacts.identity(context, it), now) }
            return if (numbered != null) send(context, numbered, done) else done()
        }
        ledger.cellState = state
        val calls = ledger.cellCalls
        val events = mutableListOf<Step>()
        when (state) {
            TelephonyManager.CALL_STATE_RINGING -> {
                // From idle, calls left in the ledger missed their end (a lost broadcast): they end now.
                val kept = if (previous == TelephonyManager.CALL_STATE_IDLE) emptyList<LedgerCall>().also { calls.forEach { events += Step(Phase.ENDED, it, now) } } else calls
                val screened = takeScreened(ledger, Direction.INCOMING, now)
                val call = screened ?: LedgerCall(Channel.CELLULAR, number, Contacts.identity(context, number), Direction.INCOMING, now)
                if (screened == null) events += Step(Phase.START, call, now)
                ledger.cellCalls = kept + call
            }
            TelephonyManager.CALL_STATE_OFFHOOK -> {
                val ringing = calls.lastOrNull { !it.answered }
                if (previous == TelephonyManager.CALL_STATE_RINGING && ringing != null) {
                    val answered = ringing.copy(answered = true)
                    ledger.cellCalls = calls.map { if (it == ringing) answered else it }
                    events += Step(Phase.ANSWERED, answered, now)
                } else {
                    // Dialling out. Android does not say when the other side picks up, so the call
                    // counts as connected from the first moment: the side that warns rather than misses.
                    calls.forEach { events += Step(Phase.ENDED, it, now) }
                    val screened = takeScreened(ledger, Direction.OUTGOING, now)
                    val call = screened?.copy(startedAt = now, answered = true)
                        ?: LedgerCall(Channel.CELLULAR, number, outgoingIdentity(context, number), Direction.OUTGOING, now, answered = true)
                    ledger.cellCalls = listOf(call)
                    events += Step(Phase.START, call, now)
                    events += Step(Phase.ANSWERED, call, now)
                }
            }
            TelephonyManager.CALL_STATE_IDLE -> {
                calls.forEach { events += Step(Phase.ENDED, it, now) }
                ledger.cellCalls = emptyList()
                ledger.screened = null
            }
        }
        send(context, events, done)
    }

    /** Whether a cellular call is ringing or connected right now (for "End call"). */
    fun inCall(context: Context): Boolean = CallLedger(context).cellState != TelephonyManager.CALL_STATE_IDLE

    /** How many cellular calls are up now: 2 while a second call waits or is held. */
    fun callsUp(context: Context): Int = if (inCall(context)) CallLedger(context).cellCalls.size else 0

    /** A call Android stopped telling about: every call in the ledger ends at [at] (a reboot). */
    fun endAll(context: Context, calls: List<LedgerCall>, at: Long, done: () -> Unit) =
        send(context, calls.map { Step(Phase.ENDED, it, maxOf(at, it.startedAt)) }, done)

    /**
     * The number of a call that reached the core without one, learnt a moment later (screening of
     * an outgoing call after its off-hook; the numbered copy of a PHONE_STATE broadcast): that call
     * ends, and the same call with its number starts again where it started (answered if it was),
     * so the core judges the real number. Null when the latest call (of [direction], when given)
     * already has a number or is more than [SCREENED_CALL_MS] old.
     */
    private fun renumbered(ledger: CallLedger, direction: Direction?, number: String?, contact: Contact, at: Long): List<Step>? {
        number ?: return null
        val calls = ledger.cellCalls
        val blank = calls.lastOrNull()?.takeIf { (direction == null || it.direction == direction) && it.number == null && at - it.startedAt in 0..SCREENED_CALL_MS }
            ?: return null
        val numbered = blank.copy(number = number, contact = contact)
        ledger.cellCalls = calls.dropLast(1) + numbered
        // The core takes each phase's contact as the call's: when the number is a contact's, the
        // blank stand-in ends as a contact's too, so it leaves no "unknown caller" window behind.
        val standIn = if (contact == Contact.YES) blank.copy(contact = Contact.YES) else blank
        val steps = listOf(Step(Phase.ENDED, standIn, at), Step(Phase.START, numbered, blank.startedAt))
        return if (numbered.answered) steps + Step(Phase.ANSWERED, numbered, at) else steps
    }

    /** The screening service's call of this [direction], if it was shown one a moment ago; taken once. */
    private fun takeScreened(ledger: CallLedger, direction: Direction, now: Long): LedgerCall? {
        val screened = ledger.screened ?: return null
        ledger.screened = null
        return screened.takeIf { it.direction == direction && now - it.startedAt in 0..SCREENED_CALL_MS }
    }

    /**
     * An outgoing call the screening service was not shown: with the role held (API 29+, which
     * screens outgoing calls to numbers not in the contacts too) it is a call to a contact.
     */
    private fun outgoingIdentity(context: Context, number: String?): Contact =
        if (number == null && Contacts.holdsScreeningRole(context)) Contact.YES else Contacts.identity(context, number)

    /** One phase of one call, at [at] (ms, [Guard.clock]). */
    private data class Step(val phase: Phase, val call: LedgerCall, val at: Long)

    private fun send(context: Context, events: List<Step>, done: () -> Unit) {
        if (events.isEmpty()) return done()
        val app = context.applicationContext
        Guard.worker.execute {
            try {
                for ((phase, call, at) in events) {
                    Guard.onCall(app, phase, call.number, call.direction, call.contact, call.channel, at)
                        ?.let { WarningPresenter.present(app, it) }
                }
            } finally {
                done()
            }
        }
    }
}
