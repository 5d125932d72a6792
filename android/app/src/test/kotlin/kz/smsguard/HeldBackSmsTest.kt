package kz.smsguard

import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.Phone.Companion.T0
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

/**
 * Android 17 holds an SMS with a one-time code back for about 3 hours from apps like this one.
 * The receiver passes the SMS centre's time on, so a code sent hours ago does not raise an alarm
 * about whoever is calling now, and a code a few minutes late is still judged as live.
 */
@RunWith(SmsGuardTestRunner::class)
class HeldBackSmsTest {
    @Test
    fun aCodeHeldBackThreeHoursIsAtMostACaution() {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now += 60_000
        val sentAt = phone.now - 3 * 3_600_000L
        phone.sms(Pdus.ucs2("1414", EGOV_SMS), sentAt = sentAt)
        val reference = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
            core.onSms("1414", EGOV_SMS, sentAt, T0 + 68_000)
        }
        val live = Phone.coreVerdict { core ->
            core.onCall("start", CALLER, "incoming", "no", "cellular", T0)
            core.onCall("answered", CALLER, "incoming", "no", "cellular", T0 + 8_000)
            core.onSms("1414", EGOV_SMS, T0 + 68_000, T0 + 68_000)
        }
        assertEquals("high", live.getString("level"))
        assertTrue(reference.getString("level"), reference.getString("level") in setOf("none", "low"))
        if (reference.getString("level") == "low") {
            val badge = phone.overlays().single().findViewById<TextView>(R.id.warning_level)!!.text.toString()
            assertEquals(phone.app.getString(R.string.level_low), badge)
        } else {
            assertTrue(phone.overlays().isEmpty())
        }
    }

    @Test
    fun aCodeTwentyMinutesLateIsStillJudgedLive() {
        val phone = Phone()
        phone.unknownCallAnswered()
        phone.now += 60_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS), sentAt = phone.now - 20 * 60_000L)
        val badge = phone.overlays().single().findViewById<TextView>(R.id.warning_level)!!.text.toString()
        assertEquals(phone.app.getString(R.string.level_high), badge)
    }
}
