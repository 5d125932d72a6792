package kz.smsguard

import android.app.Notification
import android.app.NotificationManager
import android.view.WindowManager
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_CODE
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.ui.WarningActivity
import kz.smsguard.warn.WarningNotification
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config

/**
 * The scam call is answered from the lock screen: the code arrives while the keyguard is up. The
 * overlay asks to be shown over the keyguard and to turn the screen on, the heads-up notification
 * is posted as well (never only as a fallback), and its full-screen intent opens a warning screen
 * that shows over the keyguard by itself.
 */
@RunWith(SmsGuardTestRunner::class)
class LockScreenTest {
    private fun warnWhileLocked(phone: Phone) {
        phone.lock()
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
    }

    @Test
    @Config(qualifiers = "ru")
    fun overlayAndNotificationBothAppearOnALockedPhone() {
        val phone = Phone()
        warnWhileLocked(phone)

        val window = phone.overlays().single()
        val flags = (window.layoutParams as WindowManager.LayoutParams).flags
        @Suppress("DEPRECATION")
        assertNotEquals("shown while the call screen occludes the keyguard", 0, flags and WindowManager.LayoutParams.FLAG_SHOW_WHEN_LOCKED)
        @Suppress("DEPRECATION")
        assertNotEquals("wakes a dark screen", 0, flags and WindowManager.LayoutParams.FLAG_TURN_SCREEN_ON)

        val reference = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
        }.getJSONObject("warning")
        val notification = phone.warningNotification()!!
        assertEquals(WarningNotification.CHANNEL_ID, notification.channelId)
        val channel = phone.app.getSystemService(NotificationManager::class.java)!!.getNotificationChannel(WarningNotification.CHANNEL_ID)
        assertEquals("heads-up needs high importance", NotificationManager.IMPORTANCE_HIGH, channel.importance)
        assertEquals(Notification.VISIBILITY_PUBLIC, notification.visibility)
        assertEquals(reference.getJSONObject("headline").getString("ru"), notification.extras.getCharSequence(Notification.EXTRA_TITLE).toString())
        val text = notification.extras.getCharSequence(Notification.EXTRA_BIG_TEXT).toString()
        assertEquals("the full text, not a teaser", reference.getString("ru"), text)
        assertFalse(text.contains(EGOV_CODE))
        val actions = notification.actions.orEmpty().map { it.title.toString() }
        assertTrue(actions.toString(), "Отметить этот номер" in actions)

        // With "display over other apps" the app also opens the warning screen itself.
        val started = shadowOf(phone.app).nextStartedActivity
        assertEquals(WarningActivity::class.java.name, started.component!!.className)
        assertEquals(reference.getString("ru"), kz.smsguard.warn.Warning.fromBundle(started.extras)!!.text("ru"))

        // The full-screen intent opens the warning screen, which shows over the keyguard on its own.
        val fullScreen = shadowOf(notification.fullScreenIntent).savedIntent
        assertEquals(WarningActivity::class.java.name, fullScreen.component!!.className)
        val activity = Robolectric.buildActivity(WarningActivity::class.java, fullScreen).setup().get()
        assertTrue(shadowOf(activity).showWhenLocked)
        assertTrue(shadowOf(activity).turnScreenOn)
        assertTrue("one warning on screen, not two", phone.overlays().isEmpty())
    }

    @Test
    fun understoodOnTheLockScreenTakesDownEveryCopy() {
        val phone = Phone()
        warnWhileLocked(phone)
        val fullScreen = shadowOf(phone.warningNotification()!!.fullScreenIntent).savedIntent
        val activity = Robolectric.buildActivity(WarningActivity::class.java, fullScreen).setup().get()
        phone.waitSeconds(30)
        activity.findViewById<android.widget.Button>(R.id.warning_understood)!!.performClick()
        phone.settle()
        assertTrue(activity.isFinishing)
        assertEquals(null, phone.warningNotification())
        assertTrue(phone.overlays().isEmpty())
    }

    /** A code while the call still rings is medium: a notification, but nothing covers the call screen. */
    @Test
    fun aMediumWarningDoesNotTakeTheScreenOver() {
        val phone = Phone()
        phone.lock()
        phone.screen(CALLER)
        phone.phoneState(android.telephony.TelephonyManager.EXTRA_STATE_RINGING)
        phone.now += 5_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val notification = phone.warningNotification()!!
        assertEquals(null, notification.fullScreenIntent)
        val level = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 5_000)
        }.getString("level")
        assertEquals("medium", level)
    }

    @Test
    fun theNotificationIsPostedEvenWhenTheWindowIsShownOnAnUnlockedPhone() {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        assertEquals(1, phone.overlays().size)
        assertNotNull(phone.warningNotification())
        assertEquals("unlocked: the window is enough, no screen is opened", null, shadowOf(phone.app).nextStartedActivity)
    }
}
