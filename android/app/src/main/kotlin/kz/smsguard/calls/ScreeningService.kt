package kz.smsguard.calls

import android.os.Build
import android.os.Handler
import android.os.Looper
import android.telecom.Call
import android.telecom.CallScreeningService
import java.util.concurrent.atomic.AtomicBoolean
import kz.smsguard.Preferences
import kz.smsguard.guard.Channel
import kz.smsguard.guard.Direction
import kz.smsguard.guard.Guard
import kz.smsguard.guard.Phase
import kz.smsguard.warn.WarningPresenter

/**
 * The call-screening role: Android hands us each incoming call from a number that is not in the
 * contacts, with its number, and without the call-log permission. We must answer within 5 s;
 * we always let the call through, except a number the person reported when they switched
 * blocking on (the core decides whether the number is reported).
 */
class ScreeningService : CallScreeningService() {
    private val main = Handler(Looper.getMainLooper())

    override fun onScreenCall(details: Call.Details) {
        val incoming = Build.VERSION.SDK_INT < Build.VERSION_CODES.Q ||
            details.callDirection == Call.Details.DIRECTION_INCOMING
        if (!incoming) {
            respondToCall(details, allow())
            return
        }
        val number = details.handle?.schemeSpecificPart?.takeIf { it.isNotBlank() }
        val contact = Contacts.hasNumber(this, number)
        if (!Preferences.blockReported(this) || number == null) {
            respondToCall(details, allow())
            CellularCalls.onScreened(this, number, contact)
            return
        }
        // Blocking is on: ask the core about this caller, but never let the answer be late.
        val answered = AtomicBoolean(false)
        val respondOnce = { response: CallResponse -> if (answered.compareAndSet(false, true)) respondToCall(details, response) }
        main.postDelayed({ respondOnce(allow()) }, DEADLINE_MS)
        val app = applicationContext
        val now = Guard.clock()
        CallLedger(app).startCellular(number, contact, Direction.INCOMING, screenedAt = now)
        Guard.worker.execute {
            val verdict = Guard.onCall(app, Phase.START, number, Direction.INCOMING, contact, Channel.CELLULAR, now)
            if (verdict?.callerReported == true) {
                respondOnce(block())
                Guard.onCall(app, Phase.ENDED, number, Direction.INCOMING, contact, Channel.CELLULAR, now)
                CallLedger(app).endCellular()
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
