package kz.smsguard

import android.telephony.TelephonyManager.EXTRA_STATE_IDLE
import android.view.View
import android.widget.Button
import android.widget.TextView
import kz.smsguard.testing.Pdus
import kz.smsguard.testing.Phone
import kz.smsguard.testing.Phone.Companion.CALLER
import kz.smsguard.testing.Phone.Companion.EGOV_SMS
import kz.smsguard.testing.SmsGuardTestRunner
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The warning names the caller the verdict is about, and no one else: with a hidden caller it
 * names no number and offers no pre-filled report, even when another caller came just before.
 */
@RunWith(SmsGuardTestRunner::class)
class VerdictCallerTest {
    @Test
    fun aHiddenCallerIsNeverNamedAfterThePreviousCaller() {
        val phone = Phone()
        phone.setUpFully()
        // A stranger with a number calls and hangs up; an hour later a hidden number calls.
        phone.unknownCallAnswered(CALLER)
        phone.now += 30_000
        phone.phoneState(EXTRA_STATE_IDLE)
        phone.now += 3_600_000
        phone.unknownCallAnswered(number = null)
        phone.now += 40_000
        phone.sms(Pdus.ucs2("1414", EGOV_SMS))
        val window = phone.overlays().single()
        assertEquals(View.GONE, window.findViewById<TextView>(R.id.warning_caller)!!.visibility)
        assertEquals(View.GONE, window.findViewById<Button>(R.id.warning_report)!!.visibility)
    }
}
