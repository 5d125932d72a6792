package kz.smsguard

import android.Manifest
import android.app.Notification
import android.content.res.Resources
import kz.smsguard.testing.Phone
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.shadows.ShadowTelephony

/**
 * Android 15 hides one-time codes in notifications from untrusted listeners. Without SMS access,
 * the default SMS app's hidden-content notification is the code SMS, with no body.
 */
@RunWith(SmsGuardTestRunner::class)
class HiddenCodeNotificationTest {
    private val smsApp = "com.google.android.apps.messaging"

    private fun hiddenNotification(phone: Phone, sender: String): Notification {
        val id = Resources.getSystem().getIdentifier("redacted_notification_message", "string", "android")
        return Notification.Builder(phone.app, "sms")
            .setSmallIcon(android.R.drawable.sym_action_chat)
            .setContentTitle(sender)
            .setContentText(Resources.getSystem().getString(id))
            .setCategory(Notification.CATEGORY_MESSAGE)
            .build()
    }

    @Test
    fun hiddenCodeDuringACallWarns() {
        val phone = Phone()
        phone.deny(Manifest.permission.RECEIVE_SMS)
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification(smsApp, 5, hiddenNotification(phone, "1414"))
        assertEquals(1, phone.overlays().size)
    }

    @Test
    fun ignoredWhenTheSmsReceiverSeesTheMessageItself() {
        val phone = Phone()
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification(smsApp, 5, hiddenNotification(phone, "1414"))
        assertTrue(phone.overlays().isEmpty())
    }

    @Test
    fun otherAppsNotificationsAreIgnored() {
        val phone = Phone()
        phone.deny(Manifest.permission.RECEIVE_SMS)
        ShadowTelephony.ShadowSms.setDefaultSmsPackage(smsApp)
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.postNotification("com.example.chat", 5, hiddenNotification(phone, "1414"))
        assertTrue(phone.overlays().isEmpty())
    }
}
