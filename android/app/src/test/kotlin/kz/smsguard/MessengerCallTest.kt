package kz.smsguard

import android.app.Notification
import android.app.PendingIntent
import android.app.Person
import android.content.Intent
import android.os.Looper
import android.view.View
import android.widget.Button
import android.widget.TextView
import java.time.Duration
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

/**
 * WhatsApp, WhatsApp Business and Telegram calls reach the core through their CallStyle
 * notifications, with their channel, direction and, when the app gives one, the caller's number.
 */
@RunWith(SmsGuardTestRunner::class)
class MessengerCallTest {
    private val kazpost = "+77085550303"
    private val kkCode = "eGov: кіру коды 5531. Кодты ешкімге айтпаңыз, тіпті курьерге де, банк қызметкеріне де."

    /**
     * A call notification as the messengers build it: CallStyle with the caller as its Person
     * ([personUri] a `tel:` URI when the app knows the number), under the app's [title].
     */
    private fun callNotification(phone: Phone, title: String, ongoing: Boolean, personName: String = title, personUri: String? = null): Notification {
        val person = Person.Builder().setName(personName).apply { personUri?.let(::setUri) }.build()
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

    /** A person who allowed contacts, as setup asks: numbers from the messengers are looked up. */
    private fun phone(): Phone = Phone().apply { grant(android.Manifest.permission.READ_CONTACTS) }

    /** The caller line and "Report this number" of the warning window on screen. */
    private fun shownCaller(phone: Phone): String? {
        val window = phone.overlays().single()
        val line = window.findViewById<TextView>(R.id.warning_caller)!!
        val report = window.findViewById<Button>(R.id.warning_report)!!
        assertEquals("the caller line and the report button go together", line.visibility, report.visibility)
        return line.text?.toString()?.takeIf { line.visibility == View.VISIBLE }
    }

    @Test
    fun whatsappCallIsACallEvent() {
        val phone = phone()
        phone.postNotification("com.whatsapp", 7, callNotification(phone, "+7 708 555 03 03", ongoing = false))
        phone.now += 6_000
        phone.postNotification("com.whatsapp", 8, callNotification(phone, "+7 708 555 03 03", ongoing = true))
        phone.now += 54_000
        phone.sms(Pdus.ucs2("1414", kkCode))

        val window = phone.overlays().single()
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", "+7 708 555 03 03", "incoming", "no", "whatsapp", Phone.T0)
            core.onCall("answered", "+7 708 555 03 03", "incoming", "no", "whatsapp", Phone.T0 + 6_000)
            core.onSms("1414", kkCode, 0L, Phone.T0 + 60_000)
        }
        assertEquals("high", reference.getString("level"))
        assertEquals("whatsapp", reference.getString("channel"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        // A WhatsApp call cannot be ended by another app: no "End call" button.
        assertEquals(View.GONE, window.findViewById<Button>(R.id.warning_end_call)!!.visibility)
        assertTrue(shownCaller(phone)!!.contains(reference.getString("caller")))
    }

    @Test
    fun telegramCallerNumberComesFromTheCallStylePerson() {
        val phone = phone()
        // Telegram titles its call notification with a fixed label; the caller is the Person.
        phone.postNotification("org.telegram.messenger", 1, callNotification(phone, "Telegram", false, "Kazpost Support", "tel:$kazpost"))
        phone.now += 5_000
        phone.postNotification("org.telegram.messenger", 2, callNotification(phone, "Telegram", true, "Kazpost Support", "tel:$kazpost"))
        phone.now += 40_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        assertTrue(shownCaller(phone)!!.contains(kazpost))
        val started = phone.overlays().single().findViewById<Button>(R.id.warning_report)!!.let {
            it.performClick()
            phone.settle()
            shadowOf(phone.app).nextStartedActivity
        }
        assertEquals(kazpost, started.getStringExtra(kz.smsguard.ui.ReportsActivity.EXTRA_NUMBER))
    }

    @Test
    fun aNameTheCallerChoseIsAStrangerWithNothingToReport() {
        val phone = phone()
        // No number: Telegram hides it by default. "Мама" is a name the caller typed, not a contact.
        phone.postNotification("org.telegram.messenger", 1, callNotification(phone, "Telegram", false, "Мама"))
        phone.now += 5_000
        phone.postNotification("org.telegram.messenger", 2, callNotification(phone, "Telegram", true, "Мама"))
        phone.now += 30_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", null, "incoming", "no", "telegram", Phone.T0)
            core.onCall("answered", null, "incoming", "no", "telegram", Phone.T0 + 5_000)
            core.onSms("1414", kkCode, 0L, Phone.T0 + 35_000)
        }
        assertEquals("high", reference.getString("level"))
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        assertNull("a name is not a number to report", shownCaller(phone))
    }

    @Test
    fun outgoingWhatsappBusinessCallIsOutgoing() {
        val phone = phone()
        // Dialled by the person: the first notification is already the ongoing call.
        phone.postNotification("com.whatsapp.w4b", 3, callNotification(phone, "Kaspi Доставка", true, "Kaspi Доставка", "tel:$kazpost"))
        phone.now += 30_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", kazpost, "outgoing", "no", "whatsapp", Phone.T0)
            core.onCall("answered", kazpost, "outgoing", "no", "whatsapp", Phone.T0)
            core.onSms("1414", kkCode, 0L, Phone.T0 + 30_000)
        }
        val incoming = Phone.coreVerdict { core ->
            core.onCall("start", kazpost, "incoming", "no", "whatsapp", Phone.T0)
            core.onCall("answered", kazpost, "incoming", "no", "whatsapp", Phone.T0)
            core.onSms("1414", kkCode, 0L, Phone.T0 + 30_000)
        }
        assertTrue("the policy tells the two apart", reference.toString() != incoming.toString())
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
        assertTrue(shownCaller(phone)!!.contains(kazpost))
    }

    @Test
    fun outgoingTelegramCallEndsWhenItsNotificationGoes() {
        val phone = phone()
        val ongoing = phone.postNotification("org.telegram.messenger.web", 4, callNotification(phone, "Telegram", true, "Курьер", "tel:$kazpost"))
        phone.now += 20_000
        phone.removeNotification(ongoing)
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(MessengerCalls.END_GRACE_MS * 2))
        phone.settle()
        // An hour later the call is long over: the code is not about it.
        phone.now += 3_600_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun replacedNotificationIsOneCallAndRemovalEndsIt() {
        val phone = phone()
        val ringing = phone.postNotification("org.telegram.messenger", 1, callNotification(phone, "Kazpost Support", ongoing = false))
        phone.removeNotification(ringing)
        phone.postNotification("org.telegram.messenger", 2, callNotification(phone, "Kazpost Support", ongoing = true))
        // The ringing notification's removal did not end the call: the connected one replaced it.
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(MessengerCalls.END_GRACE_MS * 2))
        phone.now += 30_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        assertEquals(1, phone.overlays().size)
    }

    @Test
    fun theCallSurvivesTheProcessBetweenRingingAndTheCode() {
        val phone = phone()
        phone.postNotification("com.whatsapp", 7, callNotification(phone, "Kazpost", false, "Kazpost", "tel:$kazpost"))
        phone.now += 6_000
        phone.newProcess()
        phone.postNotification("com.whatsapp", 8, callNotification(phone, "Kazpost", true, "Kazpost", "tel:$kazpost"))
        phone.now += 30_000
        phone.sms(Pdus.ucs2("1414", kkCode))
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", kazpost, "incoming", "no", "whatsapp", Phone.T0)
            core.onCall("answered", kazpost, "incoming", "no", "whatsapp", Phone.T0 + 6_000)
            core.onSms("1414", kkCode, 0L, Phone.T0 + 36_000)
        }
        assertEquals(reference.getJSONObject("warning").getString("en"), phone.overlayText())
    }

    @Test
    fun aCallWhoseEndWasPendingInADeadProcessEndsWhenTheListenerReconnects() {
        val phone = phone()
        val ongoing = phone.postNotification("com.whatsapp", 7, callNotification(phone, "Kazpost", true, "Kazpost", "tel:$kazpost"))
        phone.now += 20_000
        phone.removeNotification(ongoing)
        phone.newProcess() // killed before the grace period ran out: the end was never sent
        phone.now += 3_600_000
        phone.listener.onListenerConnected()
        phone.settle()
        // An hour after the call ended, a code is not "during" it.
        phone.sms(Pdus.ucs2("1414", kkCode))
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun missedCallNotificationIsNotACall() {
        val phone = phone()
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

    /**
     * A call notification whose people extras are not Person objects (a String where the
     * CallStyle person goes, a list of Strings or of other Parcelables as the people list): the
     * listener must not die on a cast, and the call is a stranger's, its number taken from a
     * title made of digits, so the code during it warns.
     */
    @Test
    fun peopleExtrasThatAreNotPersonsAreNoPersonAndTheCallStillWarns() {
        val odd: List<(android.os.Bundle) -> Unit> = listOf(
            { it.putString("android.callPerson", "tel:$kazpost") },
            { it.putParcelable("android.callPerson", android.os.Bundle()) },
            { it.putStringArrayList("android.people.list", arrayListOf("tel:$kazpost")) },
            { it.putParcelableArrayList("android.people.list", arrayListOf(android.os.Bundle(), Intent())) },
        )
        for ((i, damage) in odd.withIndex()) {
            val phone = phone()
            val intent = PendingIntent.getActivity(phone.app, 0, Intent(), PendingIntent.FLAG_IMMUTABLE)
            fun notification(ongoing: Boolean): Notification {
                val n = Notification.Builder(phone.app, "calls")
                    .setSmallIcon(android.R.drawable.sym_call_incoming)
                    .setContentTitle(kazpost)
                    .setCategory(Notification.CATEGORY_CALL)
                    .setOngoing(true)
                    .apply { if (!ongoing) setFullScreenIntent(intent, true) }
                    .build()
                n.extras.putInt("android.callType", if (ongoing) 2 else 1)
                damage(n.extras)
                return n
            }
            phone.postNotification("com.whatsapp", 7, notification(ongoing = false))
            phone.now += 6_000
            phone.postNotification("com.whatsapp", 8, notification(ongoing = true))
            phone.now += 30_000
            phone.sms(Pdus.ucs2("1414", kkCode))
            val reference = Phone.coreVerdict { core ->
                core.onCall("start", kazpost, "incoming", "no", "whatsapp", Phone.T0)
                core.onCall("answered", kazpost, "incoming", "no", "whatsapp", Phone.T0 + 6_000)
                core.onSms("1414", kkCode, 0L, Phone.T0 + 36_000)
            }
            assertEquals("case $i", "high", reference.getString("level"))
            assertEquals("case $i", reference.getJSONObject("warning").getString("en"), phone.overlayText())
            assertTrue("case $i", shownCaller(phone)!!.contains(kazpost))
        }
    }
}
