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
        // Stamped with the phone's clock, as calls are: the network's can be minutes off, which
        // would move the code out of its window. The SMS centre's time goes along as `sent_ts`:
        // the core tells from it an SMS Android held back (Android 17 holds SMS with a one-time
        // code for about 3 hours from apps like this one) or the network delivered late.
        val receivedAt = Guard.clock()
        val app = context.applicationContext
        val pending = goAsync()
        Guard.worker.execute {
            try {
                for (sms in texts) {
                    Guard.onSms(app, sms.sender, sms.body, sms.sentAt, receivedAt)?.let { WarningPresenter.present(app, it) }
                }
            } finally {
                pending?.finish()
            }
        }
    }

    /**
     * One whole SMS: the platform delivers a multipart message as several PDUs in one broadcast.
     * [sender] is null when the PDU carried no address (still judged: a code is a code);
     * [sentAt] is the SMS centre's time of its first part (ms, SmsMessage.getTimestampMillis),
     * 0 when no part had one.
     */
    internal data class Sms(val sender: String?, val body: String, val sentAt: Long)

    internal companion object {
        private const val TAG = "SmsGuard"

        /** Joins the parts of each sender's message in the order the platform gave them. */
        fun joinBySender(messages: List<SmsMessage>): List<Sms> {
            val bodies = LinkedHashMap<String?, StringBuilder>()
            val sent = HashMap<String?, Long>()
            for (part in messages) {
                val sender = (part.displayOriginatingAddress ?: part.originatingAddress)?.takeIf { it.isNotBlank() }
                bodies.getOrPut(sender) { StringBuilder() }.append(part.messageBody.orEmpty())
                val at = part.timestampMillis
                if (at > 0) sent[sender] = minOf(at, sent[sender] ?: at)
            }
            return bodies.map { (sender, body) -> Sms(sender, body.toString(), sent[sender] ?: 0L) }
        }
    }
}
