package kz.smsguard

import android.os.VibrationAttributes
import android.os.VibratorManager
import kz.smsguard.guard.Guard
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import kz.smsguard.warn.Alerting
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowToneGenerator

/**
 * A warning over a call held to the ear is felt: high and critical warnings vibrate with their own
 * pattern (as an alarm, which background apps, silent mode and battery saver let through); a
 * critical one also sounds a short cue in the call's earpiece. Each can be switched off.
 */
@RunWith(SmsGuardTestRunner::class)
class AlertingTest {
    private fun vibrator(phone: Phone) =
        shadowOf(phone.app.getSystemService(VibratorManager::class.java)!!.defaultVibrator)

    private fun codeDuringCall(phone: Phone) {
        phone.unknownCallAnswered()
        phone.now = T0 + 90_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
    }

    @Test
    fun highWarningVibratesWithItsPatternAsAnAlarm() {
        val phone = Phone()
        codeDuringCall(phone)
        assertEquals(1, phone.overlays().size)
        val vibrator = vibrator(phone)
        assertArrayEquals(Alerting.PATTERN_HIGH, vibrator.pattern)
        assertEquals("played once, never looping over the call", -1, vibrator.repeat)
        val attributes = vibrator.vibrationAttributesFromLastVibration as VibrationAttributes
        assertEquals(VibrationAttributes.USAGE_ALARM, attributes.usage)
        assertTrue("no in-call sound for a high warning", ShadowToneGenerator.getPlayedTones().isEmpty())
    }

    @Test
    fun criticalWarningVibratesLongerAndSoundsInTheEarpiece() {
        val phone = Phone()
        assertTrue(Guard.reportAdd(phone.app, CALLER, "fake courier"))
        codeDuringCall(phone)
        val verdictLevel = Phone.coreVerdict { core ->
            core.reportAdd(CALLER, null, T0 - 1)
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
            core.onSms("1414", EGOV_SMS, 0L, T0 + 90_000)
        }.getString("level")
        assertEquals("critical", verdictLevel)
        assertArrayEquals(Alerting.PATTERN_CRITICAL, vibrator(phone).pattern)
        val tone = ShadowToneGenerator.getPlayedTones().single()
        assertEquals(Alerting.TONE, tone.type())
        assertEquals(Alerting.TONE_MS.toLong(), tone.duration().toMillis())
    }

    @Test
    fun eachCanBeSwitchedOff() {
        val phone = Phone()
        Preferences.setVibrate(phone.app, false)
        Preferences.setSound(phone.app, false)
        assertTrue(Guard.reportAdd(phone.app, CALLER, "fake courier"))
        codeDuringCall(phone)
        assertEquals("the warning itself still shows", 1, phone.overlays().size)
        assertNull(vibrator(phone).pattern)
        assertFalse(vibrator(phone).isVibrating)
        assertTrue(ShadowToneGenerator.getPlayedTones().isEmpty())
    }

    @Test
    fun understoodStopsTheVibration() {
        val phone = Phone()
        codeDuringCall(phone)
        assertTrue(vibrator(phone).isVibrating)
        kz.smsguard.warn.WarningPresenter.dismiss(phone.app)
        assertTrue(vibrator(phone).isCancelled)
    }

    /** The notification channel stays silent: the platform would not play it in a call anyway. */
    @Test
    fun theChannelItselfMakesNoSound() {
        val phone = Phone()
        codeDuringCall(phone)
        val channel = phone.app.getSystemService(android.app.NotificationManager::class.java)!!
            .getNotificationChannel(kz.smsguard.warn.WarningNotification.CHANNEL_ID)
        assertNull(channel.sound)
        assertFalse(channel.shouldVibrate())
    }
}
