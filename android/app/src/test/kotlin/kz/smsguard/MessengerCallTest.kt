package kz.smsguard

import android.app.Notification
import android.app.PendingIntent
import android.app.Person
import android.content.Intent
import android.view.View
import android.widget.Button
import kz.smsguard.calls.CallLedger
import kz.smsguard.guard.Channel
import kz.smsguard.notify.MessengerCalls
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import android.os.Looper
import java.time.Duration

/** WhatsApp and Telegram calls reach the core through their notifications, with their channel. */
@RunWith(SmsGuardTestRunner::class)
class MessengerCallTest {
    private val kazpost = "+7 708 555 03 03"
    private val kkCode = "eGov: кіру коды 5531. Кодты ешкімге айтпаңыз, тіпті курьерге де, банк қызметкеріне де."

    private fun callNotification(phone: Phone, title: String, ongoing: Boolean): Notification {
        val person = Person.Builder().setName(title).build()
        val intent = PendingIntent.getActivity(phone.app, 0, Intent(), PendingIntent.FLAG_IMMUTABLE)
        val style = if (ongoing) Notification.CallStyle.forOngoingCall(person, intent) else Notification.CallStyle.forIncomingCall(person, intent, intent)
        return Notification.Builder(phone.app, "calls")
            .setSmallIcon(android.R.drawable.sym_call_incoming)
            .setContentTitle(title)
            .setCategory(Notification.CATEGORY_CALL)
            .setOngoing(true)
            .setStyle(style)
            .build()
    }

    @Test
    fun whatsappCallIsACallEvent() {
        val phone = Phone()
        phone.postNotification("com.whatsapp", 7, callNotification(phone, kazpost, ongoing = false))
        phone.now += 6_000
        phone.postNotification("com.whatsapp", 8, callNotification(phone, kazpost, ongoing = true))
        phone.now += 54_000
        phone.sms(Pdus.ucs2("1414", kkCode))

        val window = phone.overlays().single()
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", kazpost, "incoming", false, "whatsapp", Phone.T0)
            core.onCall("answered", kazpost, "incoming", false, "whatsapp", Phone.T0 + 6_000)
            core.onSms("1414", kkCode, Phone.T0 + 60_000)
        }
        assertEquals(reference.getString("level"), "high")
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        // A WhatsApp call cannot be ended by another app: no "End call" button.
        assertEquals(View.GONE, window.findViewById<Button>(R.id.warning_end_call)!!.visibility)
        assertEquals(Channel.WHATSAPP, CallLedger(phone.app).lastChannel)
        assertEquals(kazpost, CallLedger(phone.app).lastCaller)
    }

    @Test
    fun replacedNotificationIsOneCallAndRemovalEndsIt() {
        val phone = Phone()
        val ringing = phone.postNotification("org.telegram.messenger", 1, callNotification(phone, "Kazpost Support", ongoing = false))
        phone.removeNotification(ringing)
        phone.postNotification("org.telegram.messenger", 2, callNotification(phone, "Kazpost Support", ongoing = true))
        // The ringing notification's removal did not end the call: the connected one replaced it.
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(MessengerCalls.END_GRACE_MS * 2))
        phone.now += 30_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        assertEquals(1, phone.overlays().size)
        assertNull("a name is not a number to report", CallLedger(phone.app).lastCaller)
    }

    @Test
    fun missedCallNotificationIsNotACall() {
        val phone = Phone()
        val missed = Notification.Builder(phone.app, "calls")
            .setSmallIcon(android.R.drawable.sym_call_missed)
            .setContentTitle(kazpost)
            .setCategory(Notification.CATEGORY_CALL)
            .build()
        assertNull(MessengerCalls.kindOf(missed))
        phone.postNotification("com.whatsapp", 3, missed)
        phone.now += 10_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        assertTrue(phone.overlays().isEmpty())
    }
}
