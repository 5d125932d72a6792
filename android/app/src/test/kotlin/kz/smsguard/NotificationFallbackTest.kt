package kz.smsguard

import android.app.Notification
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.warn.WarningNotification
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowSettings

/** Without "display over other apps", the same words arrive as a heads-up notification. */
@RunWith(SmsGuardTestRunner::class)
class NotificationFallbackTest {
    @Test
    @Config(qualifiers = "kk")
    fun noOverlayPermissionGivesTheNotification() {
        val phone = Phone()
        ShadowSettings.setCanDrawOverlays(false)
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))

        assertTrue(phone.overlays().isEmpty())
        val notification = phone.notifications().single()
        assertEquals(WarningNotification.CHANNEL_ID, notification.channelId)
        val text = notification.extras.getCharSequence(Notification.EXTRA_BIG_TEXT).toString()
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
        }
        assertEquals(reference.getJSONObject("warning").getString("kk"), text)
        assertFalse(text.contains(EGOV_CODE))

        val manager = phone.app.getSystemService(android.app.NotificationManager::class.java)!!
        val channel = manager.getNotificationChannel(WarningNotification.CHANNEL_ID)
        assertEquals(android.app.NotificationManager.IMPORTANCE_HIGH, channel.importance)

        // Tapping it opens the full warning.
        val opened = shadowOf(notification.contentIntent).savedIntent
        assertEquals(kz.smsguard.ui.WarningActivity::class.java.name, opened.component!!.className)
    }
}
