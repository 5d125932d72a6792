package kz.smsguard

import android.Manifest
import android.app.Notification
import android.content.res.Resources
import android.widget.Button
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.shadows.ShadowTelephony

/**
 * Android 15+ hides one-time codes in notifications from untrusted listeners: the title becomes
 * the SMS app's name, the text "Sensitive notification content hidden". That notification is a
 * code of unknown sender; it warns at once, also when SMS access is granted (Android 17 holds the
 * SMS itself back), and the SMS arriving later is the same message, never a second warning.
 */
@RunWith(SmsGuardTestRunner::class)
class HiddenCodeNotificationTest {
    private val smsApp = "com.google.android.apps.messaging"

    /** As NotificationManagerService redacts it for us: the app's name as title, the hidden-content text. */
    private fun hiddenNotification(phone: Phone): Notification {
        val id = Resources.getSystem().getIdentifier("redacted_notification_message", "string", "android")
        return Notification.Builder(phone.app, "sms")
            .setSmallIcon(android.R.drawable.sym_action_chat)
            .setContentTitle("Messages")
            .setContentText(Resources.getSystem().getString(id))
            .setCategory(Notification.CATEGORY_MESSAGE)
            .build()
    }

    private fun reference(at: Long) = Phone.coreVerdict { core ->
        core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
        core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
        core.onSms(null, null, 0L, at)
    }

    @Test
    fun hiddenCodeDuringACallWarnsWithoutNamingASender() {
        val phone = Phone()
        phone.deny(Manifest.permission.RECEIVE_SMS)
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification(smsApp, 5, hiddenNotification(phone))
        val reference = reference(phone.now)
        assertEquals("high", reference.getString("level"))
        val shown = phone.overlayText()!!
        assertEquals(reference.getJSONObject("warning").getString("en"), shown)
        assertFalse("the SMS app's name is not the sender", shown.contains("Messages"))
    }

    @Test
    fun withSmsAccessTheNotificationWarnsAndTheSmsIsTheSameMessage() {
        val phone = Phone()
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification(smsApp, 5, hiddenNotification(phone))
        assertEquals(reference(phone.now).getJSONObject("warning").getString("en"), phone.overlayText())
        phone.waitSeconds(30)
        phone.overlays().single().findViewById<Button>(R.id.warning_understood)!!.performClick()
        phone.settle()
        assertTrue(phone.overlays().isEmpty())
        // The same SMS reaches the receiver a moment later: no second warning.
        phone.now += 2_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS), sentAt = phone.now - 5_000)
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun theSmsHeldBackThreeHoursJoinsItsNotification() {
        val phone = Phone()
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        val shownAt = phone.now
        phone.postNotification(smsApp, 5, hiddenNotification(phone))
        assertEquals(1, phone.overlays().size)
        phone.waitSeconds(30)
        phone.overlays().single().findViewById<Button>(R.id.warning_understood)!!.performClick()
        phone.settle()
        // Android 17 releases the SMS about 3 hours later, during another stranger's call.
        phone.now += 3 * 3_600_000L
        phone.unknownCallAnswered("+77015550999")
        // That stranger's call is the second stage (#15): a warning of its own, about the
        // follow-up caller, with no code in it.
        assertEquals(1, phone.overlays().size)
        val followUp = phone.overlayText()!!
        assertTrue(followUp, followUp.contains("follow-up"))
        phone.now += 10_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS), sentAt = shownAt - 3_000)
        // The SMS is the notification's message, already warned about: nothing more.
        assertEquals(1, phone.overlays().size)
        assertEquals(followUp, phone.overlayText())
    }

    @Test
    fun otherAppsNotificationsAreIgnored() {
        val phone = Phone()
        phone.deny(Manifest.permission.RECEIVE_SMS)
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification("com.example.chat", 5, hiddenNotification(phone))
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun anUpdateOfTheSameNotificationIsNotASecondCode() {
        val phone = Phone()
        phone.deny(Manifest.permission.RECEIVE_SMS)
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        val first = hiddenNotification(phone).apply { `when` = phone.now }
        phone.postNotification(smsApp, 5, first)
        val level = phone.overlays().single().findViewById<android.widget.TextView>(R.id.warning_level)!!.text.toString()
        phone.now += 20_000
        // The SMS app re-posts it (marked read elsewhere, a new channel setting): same message time.
        phone.postNotification(smsApp, 5, hiddenNotification(phone).apply { `when` = first.`when` })
        val after = phone.overlays().single().findViewById<android.widget.TextView>(R.id.warning_level)!!.text.toString()
        assertEquals("still the first code's warning, not a critical \"second code\"", level, after)
    }
}
