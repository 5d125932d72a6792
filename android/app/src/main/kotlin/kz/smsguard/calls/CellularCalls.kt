package kz.smsguard.calls

import android.content.Context
import android.telephony.TelephonyManager
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Direction
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Phase
import kz.smsguard.warn.WarningPresenter

/**
 * Turns Android's cellular call states (idle, ringing, off-hook) into the core's call phases.
 *
 * Two sources report the same changes (the PHONE_STATE broadcast, which reaches a dead process,
 * and the in-process [CallStateWatcher]); a state equal to the last one is ignored, so each
 * change reaches the core once. The last state lives in [CallLedger], on disk.
 */
internal object CellularCalls {
    /** How long after the screening service saw a call its ringing still belongs to that call. */
    private const val SCREENED_CALL_MS = 60_000L

    /** The screening service saw an incoming call from a number that is not a contact. */
    fun onScreened(context: Context, number: String?, contact: Boolean, done: () -> Unit = {}) {
        val now = Guard.clock()
        CallLedger(context).startCellular(number, contact, Direction.INCOMING, screenedAt = now)
        send(context, listOf(Phase.START), number, Direction.INCOMING, contact, now, done)
    }

    /** A new cellular state; [platformNumber] is the number Android attached, if any. */
    @Synchronized
    fun onState(context: Context, state: Int, platformNumber: String?, done: () -> Unit = {}) {
        val ledger = CallLedger(context)
        val previous = ledger.cellState
        if (state == previous) return done()
        ledger.cellState = state
        val now = Guard.clock()
        val number = platformNumber?.takeIf { it.isNotBlank() }
        when (state) {
            TelephonyManager.CALL_STATE_RINGING -> {
                val screened = ledger.screenedAt.let { it > 0 && now - it in 0..SCREENED_CALL_MS }
                if (screened) return done() // the screening service already sent `start`
                // Not screened: with the screening role that means a contact; without it we cannot tell.
                val contact = if (number != null) Contacts.hasNumber(context, number) else Contacts.holdsScreeningRole(context)
                ledger.startCellular(number, contact, Direction.INCOMING)
                send(context, listOf(Phase.START), number, Direction.INCOMING, contact, now, done)
            }
            TelephonyManager.CALL_STATE_OFFHOOK -> if (previous == TelephonyManager.CALL_STATE_RINGING) {
                send(context, listOf(Phase.ANSWERED), ledger.number, ledger.direction, ledger.contact, now, done)
            } else {
                // Dialling out. Android does not say when the other side picks up, so the call
                // counts as connected from the first moment: the side that warns rather than misses.
                val contact = Contacts.hasNumber(context, number)
                ledger.startCellular(number, contact, Direction.OUTGOING)
                send(context, listOf(Phase.START, Phase.ANSWERED), number, Direction.OUTGOING, contact, now, done)
            }
            TelephonyManager.CALL_STATE_IDLE -> {
                val (n, d, c) = Triple(ledger.number, ledger.direction, ledger.contact)
                ledger.endCellular()
                send(context, listOf(Phase.ENDED), n, d, c, now, done)
            }
            else -> done()
        }
    }

    /** Whether a cellular call is ringing or connected right now (for "End call"). */
    fun inCall(context: Context): Boolean = CallLedger(context).cellState != TelephonyManager.CALL_STATE_IDLE

    private fun send(
        context: Context,
        phases: List<Phase>,
        number: String?,
        direction: Direction,
        contact: Boolean,
        at: Long,
        done: () -> Unit,
    ) {
        val app = context.applicationContext
        Guard.worker.execute {
            try {
                for (phase in phases) {
                    Guard.onCall(app, phase, number, direction, contact, Channel.CELLULAR, at)
                        ?.let { WarningPresenter.present(app, it) }
                }
            } finally {
                done()
            }
        }
    }
}
