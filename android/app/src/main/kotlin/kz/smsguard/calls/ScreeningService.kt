package kz.smsguard.calls

import android.os.Build
import android.os.Handler
import android.os.Looper
import android.telecom.Call
import android.telecom.CallScreeningService
import java.util.concurrent.atomic.AtomicBoolean
import kz.smsguard.Preferences
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Contact
import kz.smsguard.guard.Direction
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Phase
import kz.smsguard.warn.WarningPresenter

/**
 * The call-screening role: Android hands us each call from or to a number that is not in the
 * contacts, with its number, and without the call-log permission: incoming calls from API 24 (for
 * the default dialer) and 29 (the role), outgoing calls from API 29 ("onScreenCall … for any new
 * incoming or outgoing calls when the number is not in the user's contact list",
 * developer.android.com/develop/connectivity/telecom/dialer-app/screen-calls). We must answer
 * within 5 s; we always let the call through, except an incoming call from a number the person
 * reported when they switched blocking on (the core decides whether the number is reported).
 * Outgoing calls cannot be blocked by a screening app; they are only noted, so a call-back to the
 * scammer reaches the core with its number.
 */
class ScreeningService : CallScreeningService() {
    private val main = Handler(Looper.getMainLooper())

    override fun onScreenCall(details: Call.Details) {
        val outgoing = Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q &&
            details.callDirection == Call.Details.DIRECTION_OUTGOING
        val number = details.handle?.schemeSpecificPart?.takeIf { it.isNotBlank() }
        // Shown to us because Android did not find the number in the contacts; our own look-up
        // only corrects a contact saved a moment ago.
        val contact = if (Contacts.hasNumber(this, number)) Contact.YES else Contact.NO
        val now = Guard.clock()
        val direction = if (outgoing) Direction.OUTGOING else Direction.INCOMING
        val call = LedgerCall(Channel.CELLULAR, number, contact, direction, now)
        if (outgoing || !Preferences.blockReported(this) || number == null) {
            respondToCall(details, allow())
            CellularCalls.onScreened(this, call)
            return
        }
        // Blocking is on: ask the core about this caller, but never let the answer be late.
        val answered = AtomicBoolean(false)
        val respondOnce = { response: CallResponse -> if (answered.compareAndSet(false, true)) respondToCall(details, response) }
        main.postDelayed({ respondOnce(allow()) }, DEADLINE_MS)
        val app = applicationContext
        CallLedger(app).screened = call
        Guard.worker.execute {
            val verdict = Guard.onCall(app, Phase.START, number, Direction.INCOMING, contact, Channel.CELLULAR, now)
            if (verdict?.callerReported == true) {
                respondOnce(block())
                Guard.onCall(app, Phase.ENDED, number, Direction.INCOMING, contact, Channel.CELLULAR, now)
                CallLedger(app).screened = null
            } else {
                respondOnce(allow())
                verdict?.let { WarningPresenter.present(app, it) }
            }
        }
    }

    private fun allow() = CallResponse.Builder().build()

    private fun block() = CallResponse.Builder()
        .setDisallowCall(true)
        .setRejectCall(true)
        .setSkipNotification(true)
        .build()

    private companion object {
        /** Well inside Android's 5 s limit for a screening answer. */
        const val DEADLINE_MS = 3_000L
    }
}
