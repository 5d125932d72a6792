package kz.smsguard.sms

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.provider.Telephony
import android.telephony.SmsMessage
import android.util.Log
import kz.smsguard.guard.Guard
import kz.smsguard.warn.WarningPresenter

/**
 * Receives every incoming SMS (`SMS_RECEIVED`, declared behind `BROADCAST_SMS` so only the
 * telephony stack can send it), hands it to the core off the main thread and shows the warning
 * the verdict asks for. The body goes to the core and nowhere else: never logged, never stored.
 */
class SmsReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Telephony.Sms.Intents.SMS_RECEIVED_ACTION) return
        val messages = try {
            Telephony.Sms.Intents.getMessagesFromIntent(intent)
        } catch (e: RuntimeException) {
            Log.w(TAG, "undecodable SMS broadcast: ${e.javaClass.simpleName}")
            null
        } ?: return
        val texts = joinBySender(messages.filterNotNull())
        if (texts.isEmpty()) return
        // The phone's clock, not the SMS centre's timestamp: calls are stamped with the phone's
        // clock, and the network's can be minutes off, which would move the code out of its window.
        val receivedAt = Guard.clock()
        val app = context.applicationContext
        val pending = goAsync()
        Guard.worker.execute {
            try {
                for (sms in texts) {
                    Guard.onSms(app, sms.sender, sms.body, receivedAt)?.let { WarningPresenter.present(app, it) }
                }
            } finally {
                pending?.finish()
            }
        }
    }

    /** One whole SMS: the platform delivers a multipart message as several PDUs in one broadcast. */
    internal data class Sms(val sender: String, val body: String)

    internal companion object {
        private const val TAG = "SmsGuard"

        /** Joins the parts of each sender's message in the order the platform gave them. */
        fun joinBySender(messages: List<SmsMessage>): List<Sms> {
            val bodies = LinkedHashMap<String, StringBuilder>()
            for (part in messages) {
                val sender = part.displayOriginatingAddress ?: part.originatingAddress ?: continue
                bodies.getOrPut(sender) { StringBuilder() }.append(part.messageBody.orEmpty())
            }
            return bodies.map { (sender, body) -> Sms(sender, body.toString()) }
        }
    }
}
